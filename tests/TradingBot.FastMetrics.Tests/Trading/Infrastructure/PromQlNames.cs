using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Pulls the metric names out of PromQL expressions, Grafana template queries included.</summary>
/// <remarks>
/// A lexical pass, enough for the expressions we write: strings, label matchers, ranges and grouping
/// label lists are removed, then every identifier not followed by <c>(</c> and not a keyword is a metric name.
/// </remarks>
internal static partial class PromQlNames
{
    private static readonly HashSet<string> s_keywords =
    [
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan",
    ];

    public static IEnumerable<string> Extract(string expression)
    {
        string text = GrafanaVariable().Replace(expression, " ");
        text = StringLiteral().Replace(text, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");

        // label_values(metric, label): only the metric is a metric name.
        text = LabelValues().Replace(text, " $1 ");
        text = GroupingList().Replace(text, " ");
        foreach (Match match in Identifier().Matches(text))
        {
            string name = match.Groups[1].Value;
            if (!s_keywords.Contains(name.ToLowerInvariant()))
            {
                yield return name;
            }
        }
    }

    /// <summary>Returns the metric name of a series selector such as <c>up{job="x"}</c>.</summary>
    public static string SeriesName(string selector)
    {
        int brace = selector.IndexOf('{', System.StringComparison.Ordinal);
        return (brace < 0 ? selector : selector[..brace]).Trim();
    }

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\blabel_values\s*\(\s*([a-zA-Z_:][\w:]*)?\s*(?:,\s*\w+\s*)?\)")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex GroupingList();

    [GeneratedRegex(@"(?<![\w.:])((?>[a-zA-Z_:][\w:]*))(?!\s*\()")]
    private static partial Regex Identifier();
}
