using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Reads the PromQL out of the deployment assets: rule and test YAML, and the Grafana dashboard.</summary>
internal static class DeployAssets
{
    public static string PrometheusDirectory => RepositoryRoot.Combine("deploy", "prometheus");

    public static string AlertsPath => Path.Combine(PrometheusDirectory, "alerts.yml");

    public static string AlertsTestPath => Path.Combine(PrometheusDirectory, "alerts_test.yml");

    public static string ConfigPath => Path.Combine(PrometheusDirectory, "prometheus.yml");

    public static string DashboardPath => RepositoryRoot.Combine("deploy", "grafana", "trading-bot-dashboard.json");

    public static string FleetDashboardPath => RepositoryRoot.Combine("deploy", "grafana", "trading-bot-fleet-dashboard.json");

    public static string FleetDirectory => Path.Combine(PrometheusDirectory, "fleet");

    /// <summary>Returns the values of the given keys in a YAML file, following <c>|</c> and <c>&gt;</c> block scalars.</summary>
    /// <remarks>A line-based reader for the flat shapes our rule files use; it does not parse YAML in general.</remarks>
    public static List<string> YamlValues(string path, params string[] keys)
    {
        var values = new List<string>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string trimmed = line.TrimStart();
            int indent = line.Length - trimmed.Length;
            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                trimmed = trimmed[2..];
                indent += 2;
            }

            foreach (string key in keys)
            {
                if (!trimmed.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    continue;
                }

                string value = trimmed[(key.Length + 1)..].Trim();
                if (value.StartsWith('|') || value.StartsWith('>'))
                {
                    var block = new List<string>();
                    while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || Indent(lines[i + 1]) > indent))
                    {
                        block.Add(lines[++i].Trim());
                    }

                    values.Add(string.Join(' ', block).Trim());
                }
                else
                {
                    values.Add(Unquote(value));
                }
            }
        }

        return values;
    }

    /// <summary>Returns the <c>expr</c> of every panel target of a dashboard, nested rows included.</summary>
    public static List<string> PanelQueries(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var queries = new List<string>();
        Walk(document.RootElement, queries);
        return queries;
    }

    /// <summary>Returns every PromQL string of the dashboard: panel <c>expr</c>s and template variable queries.</summary>
    public static List<string> DashboardQueries()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var queries = new List<string>();
        Walk(document.RootElement, queries);
        foreach (JsonElement variable in document.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query")
            {
                JsonElement query = variable.GetProperty("query");
                queries.Add(query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!);
            }
        }

        return queries;
    }

    private static void Walk(JsonElement element, List<string> queries)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        queries.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Walk(property.Value, queries);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Walk(item, queries);
                }

                break;
        }
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && ((value[0] == '\'' && value[^1] == '\'') || (value[0] == '"' && value[^1] == '"')))
        {
            string inner = value[1..^1];
            return value[0] == '\'' ? inner.Replace("''", "'", StringComparison.Ordinal) : inner;
        }

        return value;
    }
}
