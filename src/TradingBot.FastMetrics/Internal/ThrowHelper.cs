using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace TradingBot.FastMetrics.Internal;

/// <summary>Out-of-line throws, so that callers' fast paths stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentException(string message, string paramName) => throw CreateArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowInvalidOperationException(string message) => throw CreateInvalidOperationException(message);

    [DoesNotReturn]
    public static void ThrowArgumentException_LabelCount(string metric, int expected, int actual) =>
        throw CreateArgumentException(
            $"Metric '{metric}' has {expected} label name(s) but {actual} label value(s) were given; the counts must match.",
            "labelValues");

    [DoesNotReturn]
    public static void ThrowArgumentNullException_LabelValue(string metric, int index) =>
        throw CreateArgumentException($"Label value #{index} of metric '{metric}' is null; label values must be non-null strings.", "labelValues");

    [DoesNotReturn]
    public static void ThrowInvalidOperationException_WriterAdvancedTooFar() =>
        throw CreateInvalidOperationException("The buffer writer was advanced past the end of the span it handed out.");

    [DoesNotReturn]
    public static void ThrowArgumentException_DestinationTooShort(string paramName) =>
        throw CreateArgumentException("The destination span is shorter than the longest number the formatter can write.", paramName);

    [DoesNotReturn]
    public static void ThrowInvalidOperationException_WriterRetractedTooFar() =>
        throw CreateInvalidOperationException("The buffer writer was asked to take back more bytes than were written.");

    [DoesNotReturn]
    public static void ThrowInvalidOperationException_NoSeriesWriter(string metric, string seriesType) =>
        throw CreateInvalidOperationException($"Metric '{metric}' has series of type {seriesType}, which the exposition has no writer for.");

    [DoesNotReturn]
    public static void ThrowObjectDisposedException_PooledBufferWriter() => throw CreateObjectDisposedException(nameof(PooledBufferWriter));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException CreateArgumentException(string message, string paramName) => new(message, paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException CreateInvalidOperationException(string message) => new(message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ObjectDisposedException CreateObjectDisposedException(string name) => new(name);
}
