using System;
using System.Collections.Generic;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics.Exemplars;

/// <summary>The label set of exemplars: names fixed here, values copied at record time into fixed-size slots.</summary>
/// <remarks>
/// <para>OpenMetrics limits an exemplar's label names plus values to 128 UTF-8 characters
/// (https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md#exemplars). The limit is
/// checked here, once: the names, each value's slot size, and the optional <c>trace_id</c> (32) and
/// <c>span_id</c> (16) must fit. A value longer than its slot is truncated or refused at record time, as
/// <see cref="Overflow"/> says, and counted in <c>fastmetrics_dropped_total</c>; it never throws.</para>
/// <para>Share one instance between all the series that use the same label names.</para>
/// </remarks>
public sealed class ExemplarOptions
{
    /// <summary>The OpenMetrics limit on an exemplar's label names plus values, in characters.</summary>
    public const int MaxLabelSetLength = 128;

    /// <summary>The length of a W3C trace id in hex.</summary>
    internal const int TraceIdLength = 32;

    /// <summary>The length of a W3C span id in hex.</summary>
    internal const int SpanIdLength = 16;

    private readonly string[] _labelNames;

    /// <summary>Creates exemplar options with one or two label names.</summary>
    /// <param name="labelNames">The label names (one or two), valid Prometheus label names.</param>
    /// <param name="maxValueLength">The slot size of each value, in characters; 0 shares what the names leave of the 128 equally.</param>
    /// <param name="includeTraceContext">Whether to add <c>trace_id</c> and <c>span_id</c> from <c>Activity.Current</c> when there is one.</param>
    /// <exception cref="ArgumentException">A name is invalid or repeated, or names plus slots exceed 128 characters.</exception>
    public ExemplarOptions(string[] labelNames, int maxValueLength = 0, bool includeTraceContext = false)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        if (labelNames.Length is < 1 or > 2)
        {
            ThrowHelper.ThrowArgumentException($"Exemplars take one or two label names, not {labelNames.Length}.", nameof(labelNames));
        }

        int length = includeTraceContext ? "trace_id".Length + TraceIdLength + "span_id".Length + SpanIdLength : 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in labelNames)
        {
            if (!MetricNameValidator.IsValidLabelName(name) || !seen.Add(name)
                || (includeTraceContext && (name == "trace_id" || name == "span_id")))
            {
                ThrowHelper.ThrowArgumentException(
                    $"Exemplar label name '{name}' is not a valid, distinct label name.", nameof(labelNames));
            }

            length += name.Length;
        }

        int room = MaxLabelSetLength - length;
        if (maxValueLength == 0)
        {
            maxValueLength = room / labelNames.Length;
        }

        if (maxValueLength <= 0 || length + (maxValueLength * labelNames.Length) > MaxLabelSetLength)
        {
            ThrowHelper.ThrowArgumentException(
                $"Exemplar labels [{string.Join(", ", labelNames)}] with {maxValueLength}-character values exceed the {MaxLabelSetLength}-character limit on names plus values.",
                nameof(maxValueLength));
        }

        _labelNames = (string[])labelNames.Clone();
        MaxValueLength = maxValueLength;
        IncludeTraceContext = includeTraceContext;
    }

    /// <summary>Gets the label names.</summary>
    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>Gets the slot size of each value, in characters.</summary>
    public int MaxValueLength { get; }

    /// <summary>Gets whether <c>trace_id</c> and <c>span_id</c> come from <c>Activity.Current</c>.</summary>
    public bool IncludeTraceContext { get; }

    /// <summary>Gets the shortest time between two exemplars kept by one series; zero keeps every one.</summary>
    public TimeSpan MinInterval { get; init; }

    /// <summary>Gets what happens to a value longer than <see cref="MaxValueLength"/>.</summary>
    public ExemplarOverflow Overflow { get; init; }

    internal string[] LabelNameArray => _labelNames;

    /// <summary>Gets the number of value slots: the label names, plus two for the trace context.</summary>
    internal int SlotCount => _labelNames.Length + (IncludeTraceContext ? 2 : 0);
}
