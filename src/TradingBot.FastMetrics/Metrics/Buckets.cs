using System;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>Builds and checks histogram upper bounds; <c>+Inf</c> is always implied and never listed.</summary>
public static class Buckets
{
    /// <summary>Returns <paramref name="count"/> bounds starting at <paramref name="start"/>, each <paramref name="width"/> apart.</summary>
    /// <param name="start">The first upper bound.</param>
    /// <param name="width">The distance between bounds; must be positive.</param>
    /// <param name="count">How many bounds; must be positive.</param>
    /// <returns>The bounds, ascending.</returns>
    public static double[] Linear(double start, double width, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(width > 0) || !double.IsFinite(start))
        {
            ThrowHelper.ThrowArgumentException(
                $"Linear buckets need a finite start and a positive width; got start {start} and width {width}.", nameof(width));
        }

        var bounds = new double[count];
        for (int i = 0; i < count; i++)
        {
            bounds[i] = start + (i * width);
        }

        Validate("linear buckets", bounds);
        return bounds;
    }

    /// <summary>Returns <paramref name="count"/> bounds starting at <paramref name="start"/>, each <paramref name="factor"/> times the last.</summary>
    /// <param name="start">The first upper bound; must be positive.</param>
    /// <param name="factor">The ratio between neighbouring bounds; must be greater than 1.</param>
    /// <param name="count">How many bounds; must be positive.</param>
    /// <returns>The bounds, ascending.</returns>
    public static double[] Exponential(double start, double factor, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(start > 0) || !(factor > 1))
        {
            ThrowHelper.ThrowArgumentException(
                $"Exponential buckets need a positive start and a factor above 1; got start {start} and factor {factor}.", nameof(factor));
        }

        var bounds = new double[count];
        double bound = start;
        for (int i = 0; i < count; i++)
        {
            bounds[i] = bound;
            bound *= factor;
        }

        Validate("exponential buckets", bounds);
        return bounds;
    }

    /// <summary>Throws unless the bounds are non-empty, finite, strictly ascending and so distinct.</summary>
    /// <param name="metric">The metric named in the message.</param>
    /// <param name="bounds">The upper bounds, without <c>+Inf</c>.</param>
    /// <exception cref="ArgumentException">A bound breaks a rule; the message names it and the rule.</exception>
    public static void Validate(string metric, ReadOnlySpan<double> bounds)
    {
        if (bounds.IsEmpty)
        {
            ThrowHelper.ThrowArgumentException(
                $"Histogram '{metric}' has no buckets: give at least one finite upper bound (+Inf is implied).", nameof(bounds));
        }

        for (int i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]))
            {
                ThrowHelper.ThrowArgumentException(
                    $"Bucket bound {bounds[i]} of histogram '{metric}' is not finite: bounds must be finite (+Inf is implied).", nameof(bounds));
            }

            if (i > 0 && !(bounds[i] > bounds[i - 1]))
            {
                ThrowHelper.ThrowArgumentException(
                    $"Bucket bound {bounds[i]} of histogram '{metric}' follows {bounds[i - 1]}: bounds must be sorted ascending and distinct.", nameof(bounds));
            }
        }
    }
}
