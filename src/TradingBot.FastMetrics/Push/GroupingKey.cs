using System;
using System.Collections.Generic;
using System.Text;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Push;

/// <summary>Builds the grouping-key path <c>/metrics/job/&lt;job&gt;{/&lt;label&gt;/&lt;value&gt;}</c>.</summary>
/// <remarks>
/// URL rules from https://github.com/prometheus/pushgateway#url: a value that contains <c>/</c>, or is empty,
/// is sent base64url-encoded (RFC 4648 section 5) as <c>&lt;label&gt;@base64/&lt;encoded&gt;</c>, the empty value
/// as a single <c>=</c>; other values are percent-encoded.
/// </remarks>
internal static class GroupingKey
{
    public static string Path(string job, IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var path = new StringBuilder("metrics");
        Append(path, "job", job);
        foreach (KeyValuePair<string, string> label in labels)
        {
            if (!MetricNameValidator.IsValidLabelName(label.Key) || label.Key == "job")
            {
                ThrowHelper.ThrowArgumentException(
                    $"Grouping label '{label.Key}' is invalid: it must match [a-zA-Z_][a-zA-Z0-9_]* and must not be 'job' (set Job instead).", nameof(labels));
            }

            ArgumentNullException.ThrowIfNull(label.Value, nameof(labels));
            Append(path, label.Key, label.Value);
        }

        return path.ToString();
    }

    private static void Append(StringBuilder path, string name, string value)
    {
        path.Append('/').Append(name);
        if (value.Length == 0)
        {
            path.Append("@base64/=");
        }
        else if (value.Contains('/', StringComparison.Ordinal))
        {
            string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            path.Append("@base64/").Append(base64);
        }
        else
        {
            path.Append('/').Append(Uri.EscapeDataString(value));
        }
    }
}
