using System;
using System.Collections.Generic;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>Checks metric and label names against the Prometheus data model.</summary>
/// <remarks>See https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels.</remarks>
public static class MetricNameValidator
{
    /// <summary>Tells whether <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    /// <param name="name">The candidate metric name.</param>
    /// <returns><see langword="true"/> when the name is valid.</returns>
    public static bool IsValidMetricName(string? name) => IsValid(name, allowColon: true);

    /// <summary>Tells whether <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    /// <param name="name">The candidate label name.</param>
    /// <returns><see langword="true"/> when the name is valid (reserved names are checked separately).</returns>
    public static bool IsValidLabelName(string? name) => IsValid(name, allowColon: false);

    /// <summary>Throws unless <paramref name="name"/> is a valid metric name.</summary>
    /// <param name="name">The metric name to check.</param>
    /// <exception cref="ArgumentException">The name is empty or has a character outside the rule.</exception>
    public static void ValidateMetricName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidMetricName(name))
        {
            ThrowHelper.ThrowArgumentException(
                $"Metric name '{name}' is invalid: it must match [a-zA-Z_:][a-zA-Z0-9_:]*.", nameof(name));
        }
    }

    /// <summary>Throws unless every label name is valid, unreserved and distinct.</summary>
    /// <param name="metric">The metric the labels belong to, named in the message.</param>
    /// <param name="labelNames">The label names to check.</param>
    /// <param name="isHistogram">Whether <c>le</c> is reserved as well.</param>
    /// <exception cref="ArgumentException">A label name breaks a rule; the message names it and the rule.</exception>
    public static void ValidateLabelNames(string metric, IReadOnlyList<string> labelNames, bool isHistogram)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        for (int i = 0; i < labelNames.Count; i++)
        {
            string label = labelNames[i];
            if (label is null)
            {
                ThrowHelper.ThrowArgumentException($"Label name #{i} of metric '{metric}' is null.", nameof(labelNames));
            }

            if (!IsValidLabelName(label))
            {
                ThrowHelper.ThrowArgumentException(
                    $"Label name '{label}' of metric '{metric}' is invalid: it must match [a-zA-Z_][a-zA-Z0-9_]*.", nameof(labelNames));
            }

            if (label.StartsWith("__", StringComparison.Ordinal))
            {
                ThrowHelper.ThrowArgumentException(
                    $"Label name '{label}' of metric '{metric}' is reserved: names starting with '__' are for Prometheus' internal use.", nameof(labelNames));
            }

            if (isHistogram && label == "le")
            {
                ThrowHelper.ThrowArgumentException(
                    $"Label name 'le' of histogram '{metric}' is reserved: histograms use it for bucket bounds.", nameof(labelNames));
            }

            for (int j = 0; j < i; j++)
            {
                if (labelNames[j] == label)
                {
                    ThrowHelper.ThrowArgumentException(
                        $"Label name '{label}' of metric '{metric}' appears twice: label names must be distinct.", nameof(labelNames));
                }
            }
        }
    }

    private static bool IsValid(string? name, bool allowColon)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'
                || (allowColon && c == ':')
                || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
