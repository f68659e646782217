using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Tests.Infrastructure;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TradingBot.FastMetrics.Tests.Trading.Deploy;

/// <summary>
/// The shipped fleet set-up end to end: three runners on loopback, a real Prometheus with deploy/prometheus/fleet
/// (its config, recording rules and alerts, the per-bot alerts beside them) discovering them through file_sd,
/// and both Grafana dashboards' queries run against it.
/// </summary>
/// <remarks>
/// One test, one Prometheus and three runners for all of it, to keep CI time small; every wait is bounded.
/// The test changes only what a test must: 1 s intervals instead of 15 s, the targets file (the runners'
/// ports) and no remote_write (nothing listens at the placeholder URL).
/// </remarks>
public sealed class FleetPrometheusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(45);

    private static readonly string[] s_bots = ["momentum-btc", "momentum-eth", "mean-reversion"];

    [PrometheusFact]
    public async Task FleetConfig_ThreeRunners_TargetsUpRecordingRulesMatchPerBotSeriesAndEveryPanelHasData()
    {
        var runners = new List<RunnerProcess>();
        try
        {
            for (int i = 0; i < s_bots.Length; i++)
            {
                runners.Add(await RunnerProcess.StartServingAsync("--seed", (11 + i).ToString(CultureInfo.InvariantCulture), "--rate", "50"));
            }

            using PrometheusProcess prometheus = StartFleetPrometheus(runners);

            // Three targets, each up, each with its bot label from the targets file.
            await prometheus.WaitUntilAsync(
                async () =>
                {
                    JsonElement targets = (await prometheus.GetDataAsync("api/v1/targets")).GetProperty("activeTargets");
                    return targets.GetArrayLength() == 3 && targets.EnumerateArray().All(t => t.GetProperty("health").GetString() == "up");
                },
                s_wait,
                "three fleet targets up");
            JsonElement up = await prometheus.QueryAsync("up{job=\"trading-bot-fleet\"}");
            Assert.Equal(s_bots.Order(StringComparer.Ordinal), up.EnumerateArray().Select(s => s.GetProperty("metric").GetProperty("bot").GetString()).Order(StringComparer.Ordinal));
            Assert.All(up.EnumerateArray(), s => Assert.Equal("1", s.GetProperty("value")[1].GetString()));

            // Every recording rule has data, and at the timestamp it was recorded, equals its expression
            // evaluated over the per-bot series. Retried: a scrape can land just after a rule evaluation.
            List<(string Record, string Expr)> rules = RecordingRules();
            Assert.Equal(10, rules.Count);
            string mismatch = string.Empty;
            await WithDetail(() => mismatch, prometheus.WaitUntilAsync(
                async () =>
                {
                    foreach ((string record, string expr) in rules)
                    {
                        mismatch = await CompareAsync(prometheus, record, expr);
                        if (mismatch.Length > 0)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                s_wait,
                "every fleet recording rule to have data equal to its expression over the per-bot series"));

            // The sums, checked against the bots one by one as well.
            Assert.Equal(3, await ScalarAsync(prometheus, "fleet:bots_up:sum"));
            Assert.Equal(3, await ScalarAsync(prometheus, "fleet:bots:count"));
            JsonElement opened = await prometheus.QueryAsync("fleet:bot_trades_opened:rate1m");
            Assert.Equal(["BNBUSDT", "BTCUSDT", "ETHUSDT", "SOLUSDT"], opened.EnumerateArray().Select(s => s.GetProperty("metric").GetProperty("symbol").GetString()).Order(StringComparer.Ordinal));
            Assert.All(opened.EnumerateArray(), s => Assert.True(Value(s) > 0, s.ToString()));

            // Both dashboards: every panel query returns data from this Prometheus.
            foreach (string dashboard in new[] { DeployAssets.DashboardPath, DeployAssets.FleetDashboardPath })
            {
                List<string> queries = DeployAssets.PanelQueries(dashboard);
                Assert.NotEmpty(queries);
                string empty = string.Empty;
                await WithDetail(() => "last empty: " + empty, prometheus.WaitUntilAsync(
                    async () =>
                    {
                        foreach (string query in queries)
                        {
                            if ((await prometheus.QueryAsync(Instantiate(query))).GetArrayLength() == 0)
                            {
                                empty = query;
                                return false;
                            }
                        }

                        return true;
                    },
                    s_wait,
                    $"every panel of {Path.GetFileName(dashboard)} to have data"));
                output.WriteLine($"{Path.GetFileName(dashboard)}: {queries.Count} panel queries, all with data");
            }
        }
        finally
        {
            foreach (RunnerProcess runner in runners)
            {
                runner.Dispose();
            }
        }
    }

    private static async Task WithDetail(Func<string> detail, Task wait)
    {
        try
        {
            await wait;
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} ({detail()})", ex);
        }
    }

    /// <summary>Replaces the dashboard variables as Grafana would with "All" selected (every bot of the fleet job).</summary>
    private static string Instantiate(string query) => query
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__range", "5m", StringComparison.Ordinal)
        .Replace("$job", "(trading-bot-fleet)", StringComparison.Ordinal)
        .Replace("$instance", ".*", StringComparison.Ordinal)
        .Replace("$symbol", ".*", StringComparison.Ordinal);

    private static PrometheusProcess StartFleetPrometheus(List<RunnerProcess> runners)
    {
        // The fleet directory's layout is kept (fleet/ beside alerts.yml), so the config's relative paths hold.
        string directory = Directory.CreateTempSubdirectory("fastmetrics-fleet-").FullName;
        string fleet = Path.Combine(directory, "fleet");
        Directory.CreateDirectory(Path.Combine(fleet, "targets"));
        File.Copy(DeployAssets.AlertsPath, Path.Combine(directory, "alerts.yml"));
        foreach (string file in new[] { "recording_rules.yml", "fleet_alerts.yml" })
        {
            File.Copy(Path.Combine(DeployAssets.FleetDirectory, file), Path.Combine(fleet, file));
        }

        string config = File.ReadAllText(Path.Combine(DeployAssets.FleetDirectory, "prometheus.yml"));
        int remoteWrite = config.IndexOf("\nremote_write:", StringComparison.Ordinal);
        Assert.True(remoteWrite > 0, "the fleet config has a remote_write example");
        config = config[..remoteWrite];
        config = Regex.Replace(config, @"(scrape_interval|evaluation_interval|scrape_timeout): \d+s", "$1: 1s");
        string path = Path.Combine(fleet, "prometheus.yml");
        File.WriteAllText(path, config);

        var groups = runners.Select((runner, i) => new
        {
            targets = new[] { $"127.0.0.1:{runner.Port}" },
            labels = new Dictionary<string, string> { ["bot"] = s_bots[i], ["env"] = "test" },
        });
        File.WriteAllText(Path.Combine(fleet, "targets", "bots.json"), JsonSerializer.Serialize(groups));
        return PrometheusProcess.StartWithConfig(directory, path);
    }

    private static List<(string Record, string Expr)> RecordingRules()
    {
        string path = Path.Combine(DeployAssets.FleetDirectory, "recording_rules.yml");
        List<string> records = DeployAssets.YamlValues(path, "record");
        List<string> expressions = DeployAssets.YamlValues(path, "expr");
        Assert.Equal(records.Count, expressions.Count);
        return records.Zip(expressions).ToList();
    }

    /// <summary>Returns an empty string when the rule's latest samples equal its expression at their timestamp, else why not.</summary>
    private static async Task<string> CompareAsync(PrometheusProcess prometheus, string record, string expr)
    {
        // The rule's own evaluation timestamp (an instant query reports the query time instead), taken five
        // seconds back, so every scrape up to it is stored: both sides then read exactly the same samples.
        string before = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - 5).ToString("0.000", CultureInfo.InvariantCulture);
        JsonElement recorded = (await prometheus.GetDataAsync($"api/v1/query?time={before}&query={Uri.EscapeDataString($"timestamp({record})")}")).GetProperty("result");
        if (recorded.GetArrayLength() == 0)
        {
            return $"{record} has no data";
        }

        string time = recorded[0].GetProperty("value")[1].GetString()!;
        JsonElement recordedAtTime = (await prometheus.GetDataAsync($"api/v1/query?time={time}&query={Uri.EscapeDataString(record)}")).GetProperty("result");
        JsonElement evaluated = (await prometheus.GetDataAsync($"api/v1/query?time={time}&query={Uri.EscapeDataString(expr)}")).GetProperty("result");
        Dictionary<string, string> want = Samples(evaluated);
        Dictionary<string, string> got = Samples(recordedAtTime);
        if (!want.Keys.Order(StringComparer.Ordinal).SequenceEqual(got.Keys.Order(StringComparer.Ordinal)))
        {
            return $"{record}: label sets {string.Join(' ', got.Keys)} differ from {string.Join(' ', want.Keys)}";
        }

        foreach ((string labels, string value) in want)
        {
            if (got[labels] != value)
            {
                return $"{record}{labels} = {got[labels]}, expression = {value}";
            }
        }

        return string.Empty;
    }

    private static Dictionary<string, string> Samples(JsonElement result) =>
        result.EnumerateArray().ToDictionary(
            s => string.Join(',', s.GetProperty("metric").EnumerateObject().Where(l => l.Name != "__name__").Select(l => $"{l.Name}={l.Value.GetString()}").Order(StringComparer.Ordinal)),
            s => s.GetProperty("value")[1].GetString()!,
            StringComparer.Ordinal);

    private static double Value(JsonElement sample) => double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    private static async Task<double> ScalarAsync(PrometheusProcess prometheus, string query)
    {
        JsonElement result = await prometheus.QueryAsync(query);
        Assert.True(result.GetArrayLength() == 1, $"{query}: {result}");
        return Value(result[0]);
    }
}
