using System;
using System.Text;

namespace TradingBot.FastMetrics.Instrumentation;

/// <summary>OpenTelemetry's Prometheus compatibility rules for metric and label names.</summary>
/// <remarks>
/// Rules from https://github.com/open-telemetry/opentelemetry-specification/blob/main/specification/compatibility/prometheus_and_openmetrics.md
/// ("OTLP Metric points to Prometheus"): characters outside <c>[a-zA-Z0-9_:]</c> become <c>_</c> with runs
/// collapsed, a leading digit gets a <c>_</c> prefix, the UCUM unit becomes a suffix (annotations in braces
/// dropped, abbreviations spelled out, <c>a/b</c> as <c>a_per_b</c>, <c>1</c> dropped), and monotonic sums end
/// in <c>_total</c>. The unit table is the one the OpenTelemetry .NET Prometheus exporter uses.
/// </remarks>
internal static class PrometheusNames
{
    /// <summary>Returns the Prometheus name of an instrument.</summary>
    /// <param name="instrumentName">The instrument name, e.g. <c>dotnet.gc.collections</c>.</param>
    /// <param name="unit">The UCUM unit, e.g. <c>{collection}</c> or <c>s</c>; null or empty for none.</param>
    /// <param name="monotonicSum">Whether the instrument is a counter (exported with <c>_total</c>).</param>
    /// <returns>The metric name, e.g. <c>dotnet_gc_collections_total</c>.</returns>
    public static string MetricName(string instrumentName, string? unit, bool monotonicSum)
    {
        string name = Sanitize(instrumentName, allowColon: true);
        string suffix = string.IsNullOrEmpty(unit) ? string.Empty : UnitSuffix(unit);
        if (suffix.Length > 0
            && !name.EndsWith(suffix, StringComparison.Ordinal)
            && !(monotonicSum && name.EndsWith(suffix + "_total", StringComparison.Ordinal)))
        {
            name = name + "_" + suffix;
        }

        if (monotonicSum && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>Returns a valid label name for a tag key: invalid characters become <c>_</c>.</summary>
    /// <param name="tagKey">The tag key, e.g. <c>gc.heap.generation</c>.</param>
    /// <returns>The label name, e.g. <c>gc_heap_generation</c>; reserved <c>__</c> names get a <c>tag</c> prefix.</returns>
    public static string LabelName(string tagKey)
    {
        string label = Sanitize(tagKey, allowColon: false);
        return label.StartsWith("__", StringComparison.Ordinal) ? "tag" + label : label;
    }

    /// <summary>Converts a UCUM unit to its Prometheus suffix; empty when the unit is only an annotation or <c>1</c>.</summary>
    /// <param name="unit">The UCUM unit.</param>
    /// <returns>The suffix without a leading underscore.</returns>
    public static string UnitSuffix(string unit)
    {
        string bare = RemoveAnnotations(unit);
        int slash = bare.IndexOf('/', StringComparison.Ordinal);
        string mapped = slash >= 0 && slash < bare.Length - 1
            ? MapUnit(bare[..slash]) + "_per_" + MapPerUnit(bare[(slash + 1)..])
            : MapUnit(bare);
        return Sanitize(mapped, allowColon: true).Trim('_');
    }

    private static string RemoveAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        int depth = 0;
        foreach (char c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Sanitize(string value, bool allowColon)
    {
        var builder = new StringBuilder(value.Length + 1);
        bool lastUnderscore = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (i == 0 && char.IsAsciiDigit(c))
            {
                builder.Append('_');
            }

            if (char.IsAsciiLetterOrDigit(c) || (allowColon && c == ':'))
            {
                builder.Append(c);
                lastUnderscore = false;
            }
            else if (!lastUnderscore)
            {
                builder.Append('_');
                lastUnderscore = true;
            }
        }

        return builder.Length == 0 ? "_" : builder.ToString();
    }

    private static string MapUnit(string unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" or "B" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "TiBy" => "tibibytes",
        "KBy" or "KB" => "kilobytes",
        "MBy" or "MB" => "megabytes",
        "GBy" or "GB" => "gigabytes",
        "TBy" or "TB" => "terabytes",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "1" => string.Empty,
        "%" => "percent",
        "$" => "dollars",
        _ => unit,
    };

    private static string MapPerUnit(string unit) => unit switch
    {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        _ => unit,
    };
}
