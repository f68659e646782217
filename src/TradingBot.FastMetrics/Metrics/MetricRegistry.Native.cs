using System;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics.Native;

namespace TradingBot.FastMetrics.Metrics;

/// <content>Histograms with native buckets: hybrid (classic and native) and native-only.</content>
public sealed partial class MetricRegistry
{
    /// <summary>Creates or returns a hybrid histogram family: the classic <paramref name="bounds"/> plus native buckets.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, fixed from now on; <c>le</c> is reserved.</param>
    /// <param name="bounds">Finite, ascending, distinct classic upper bounds; <c>+Inf</c> is implied.</param>
    /// <param name="native">The native bucket options.</param>
    /// <param name="cardinalityLimit">The most series before new label sets fold into the overflow series.</param>
    /// <returns>The family.</returns>
    /// <remarks>The text formats show the classic buckets; the protobuf format carries both.</remarks>
    public MetricFamily<Histogram> CreateHistogramFamily(
        string name, string help, string[] labelNames, double[] bounds, NativeHistogramOptions native, int cardinalityLimit = DefaultCardinalityLimit)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        Buckets.Validate(name, bounds);
        return CreateWithNative(name, help, labelNames, (double[])bounds.Clone(), native, nativeOnly: false, cardinalityLimit);
    }

    /// <summary>Creates or returns a histogram family with native buckets only.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, fixed from now on.</param>
    /// <param name="native">The native bucket options.</param>
    /// <param name="cardinalityLimit">The most series before new label sets fold into the overflow series.</param>
    /// <returns>The family.</returns>
    /// <remarks>The text formats show only <c>_count</c> and <c>_sum</c>; the buckets are in the protobuf format.</remarks>
    public MetricFamily<Histogram> CreateNativeHistogramFamily(
        string name, string help, string[] labelNames, NativeHistogramOptions native, int cardinalityLimit = DefaultCardinalityLimit) =>
        CreateWithNative(name, help, labelNames, [], native, nativeOnly: true, cardinalityLimit);

    /// <summary>Creates or returns an unlabeled histogram with native buckets only.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="native">The native bucket options.</param>
    /// <returns>The histogram.</returns>
    public Histogram CreateNativeHistogram(string name, string help, NativeHistogramOptions native) =>
        CreateNativeHistogramFamily(name, help, [], native).WithLabels();

    private MetricFamily<Histogram> CreateWithNative(
        string name, string help, string[] labelNames, double[] bounds, NativeHistogramOptions native, bool nativeOnly, int cardinalityLimit)
    {
        ArgumentNullException.ThrowIfNull(native);
        int schema = native.Validate(name);
        var info = new HistogramBounds(bounds) { Native = native, NativeOnly = nativeOnly };
        MetricFamily<Histogram> family = GetOrAdd<Histogram>(
            name,
            help,
            MetricType.Histogram,
            labelNames,
            cardinalityLimit,
            info,
            (f, v, o) => new Histogram(f, v, o, info) { Native = new NativeHistogramStorage(native, schema, nativeOnly) });

        HistogramBounds? existing = family.Bounds;
        if (existing is null || existing.NativeOnly != nativeOnly || existing.Native is null || !existing.Native.SameAs(native))
        {
            ThrowHelper.ThrowInvalidOperationException($"Metric '{name}' is already registered with different native histogram options.");
        }

        return family;
    }
}
