using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Scrapes a registry as Prometheus text and cuts the result into families.</summary>
internal static class Scrape
{
    public static string Text(MetricRegistry registry) =>
        new RegistryExposition(registry).WriteToString(ExpositionFormat.PrometheusText);

    /// <summary>Returns the lines of one family, <c># HELP</c> and <c># TYPE</c> included, each ending in a line feed; empty when absent.</summary>
    public static string Family(string text, string name)
    {
        string header = $"# HELP {name} ";
        int start;
        if (text.StartsWith(header, StringComparison.Ordinal))
        {
            start = 0;
        }
        else
        {
            int at = text.IndexOf("\n" + header, StringComparison.Ordinal);
            if (at < 0)
            {
                return string.Empty;
            }

            start = at + 1;
        }

        int end = text.IndexOf("\n# HELP ", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..(end + 1)];
    }

    /// <summary>Returns the sample lines of one family, without its <c>#</c> lines.</summary>
    public static string Samples(string text, string name)
    {
        var builder = new StringBuilder();
        foreach (string line in Family(text, name).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith('#'))
            {
                builder.Append(line).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>Formats a double as the exposition does, for values whose magnitude lies in [1e-4, 1e6) or that are whole.</summary>
    public static string Number(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        if (Math.Abs(value) is < 1e-4 or >= 1e6)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The reference formatter covers plain decimals only; pick test values in range.");
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Renders histogram samples the naive way: count per bucket, cumulated, then sum and count.</summary>
    public static string Histogram(string name, ReadOnlySpan<double> bounds, IReadOnlyList<double> observations)
    {
        var builder = new StringBuilder();
        double sum = 0;
        foreach (double value in observations)
        {
            sum += value;
        }

        for (int i = 0; i <= bounds.Length; i++)
        {
            int cumulative = 0;
            foreach (double value in observations)
            {
                if (i == bounds.Length || value <= bounds[i])
                {
                    cumulative++;
                }
            }

            string le = i == bounds.Length ? "+Inf" : Number(bounds[i]);
            builder.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{le}\"}} {cumulative}\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"{name}_sum {Number(sum)}\n");
        builder.Append(CultureInfo.InvariantCulture, $"{name}_count {observations.Count}\n");
        return builder.ToString();
    }
}
