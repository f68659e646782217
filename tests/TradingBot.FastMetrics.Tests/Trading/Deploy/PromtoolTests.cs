using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Exporter;
using Xunit;
using Xunit.Abstractions;

namespace TradingBot.FastMetrics.Tests.Trading.Deploy;

/// <summary>Runs promtool over the deployment assets and over a scrape of the catalogue.</summary>
public sealed class PromtoolTests(ITestOutputHelper output)
{
    // promtool check metrics exits 3 when it only found lint problems, 1 on a parse error.
    private const int LintProblemsExitCode = 3;

    [PromtoolTheory]
    [InlineData("prometheus.yml", 1)]
    [InlineData("fleet/prometheus.yml", 3)]
    public async Task CheckConfig_ShippedConfig_IsValidWithItsRuleFiles(string config, int ruleFiles)
    {
        (int exitCode, string text) = await Promtool.RunAsync(DeployAssets.PrometheusDirectory, null, "check", "config", config);

        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        Assert.Contains($"SUCCESS: {ruleFiles} rule files found", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalConfig_ScrapesOnlyTheRunnerOnLoopbackAndNeedsNoAlertmanager()
    {
        string config = File.ReadAllText(DeployAssets.ConfigPath);
        string active = string.Join('\n', config.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));

        Assert.Equal(["127.0.0.1:8080"], Regex.Matches(active, @"\d+\.\d+\.\d+\.\d+:\d+").Select(m => m.Value));
        Assert.DoesNotContain("alerting:", active, StringComparison.Ordinal);
        Assert.DoesNotContain("file_sd_configs", active, StringComparison.Ordinal);
    }

    [PromtoolTheory]
    [InlineData("alerts.yml", 7)]
    [InlineData("fleet/recording_rules.yml", 10)]
    [InlineData("fleet/fleet_alerts.yml", 2)]
    public async Task CheckRules_ShippedRules_AreValid(string rules, int count)
    {
        (int exitCode, string text) = await Promtool.RunAsync(DeployAssets.PrometheusDirectory, null, "check", "rules", rules);

        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        Assert.Contains($"SUCCESS: {count} rules found", text, StringComparison.Ordinal);
    }

    [PromtoolTheory]
    [InlineData("alerts_test.yml")]
    [InlineData("fleet/fleet_test.yml")]
    public async Task TestRules_ShippedUnitTests_Pass(string tests)
    {
        (int exitCode, string text) = await Promtool.RunAsync(DeployAssets.PrometheusDirectory, null, "test", "rules", tests);

        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        Assert.Contains("SUCCESS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertTests_EveryAlertHasACaseThatFiresAndOneThatDoesNot()
    {
        foreach ((string rules, string tests) in new[] { ("alerts.yml", "alerts_test.yml"), ("fleet/fleet_alerts.yml", "fleet/fleet_test.yml") })
        {
            List<string> alerts = DeployAssets.YamlValues(Path.Combine(DeployAssets.PrometheusDirectory, rules), "alert");
            string[] lines = File.ReadAllLines(Path.Combine(DeployAssets.PrometheusDirectory, tests));
            Assert.NotEmpty(alerts);
            foreach (string alert in alerts)
            {
                // An alert_rule_test entry: "alertname: X" followed by "exp_alerts: []" (must not fire) or a list (must fire).
                var outcomes = new List<bool>();
                for (int i = 0; i + 1 < lines.Length; i++)
                {
                    if (lines[i].Trim() == $"alertname: {alert}")
                    {
                        outcomes.Add(lines[i + 1].Trim() != "exp_alerts: []");
                    }
                }

                Assert.True(outcomes.Contains(true), $"{tests} has no case where {alert} fires");
                Assert.True(outcomes.Contains(false), $"{tests} has no case where {alert} must not fire");
            }
        }
    }

    [PromtoolFact]
    public async Task DashboardQueries_AreValidPromQl()
    {
        // promtool has no stand-alone query check, so each query becomes a recording rule and the file is checked.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<string> queries = DeployAssets.DashboardQueries().Concat(DeployAssets.PanelQueries(DeployAssets.FleetDashboardPath)).Where(q => !q.StartsWith("label_values", StringComparison.Ordinal)).ToList();
        for (int i = 0; i < queries.Count; i++)
        {
            string query = queries[i].Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__range", "1h", StringComparison.Ordinal);
            query = Regex.Replace(query, @"\$\{?\w+\}?", ".*");
            rules.Append($"      - record: dashboard:query{i}\n        expr: '{query.Replace("'", "''", StringComparison.Ordinal)}'\n");
        }

        string directory = Path.Combine(Path.GetTempPath(), "fastmetrics-dashboard-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "dashboard_rules.yml"), rules.ToString());
            (int exitCode, string text) = await Promtool.RunAsync(directory, null, "check", "rules", "dashboard_rules.yml");

            output.WriteLine(text);
            Assert.True(exitCode == 0, text);
            Assert.Contains($"{queries.Count} rules found", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [PromtoolFact]
    public async Task CheckMetrics_FullCatalogueScrape_ParsesAndOnlyLintsTheFixedNames()
    {
        var fixture = new TradingFixture();
        MetricRegistry registry = fixture.Registry;
        PrometheusExporter exporter = fixture.Exporter;
        exporter.RecordOpenLatency(120);
        exporter.RecordCloseLatency(90);
        exporter.RecordEntrySlippage(2.5);
        exporter.RecordExitSlippage(-1);
        exporter.RecordGuardBlock("daily_loss");
        exporter.UpdatePositionsCount(2);
        exporter.UpdateUnrealizedPnl(-3.5);
        exporter.RecordReconciliationOrphan("exchange_position");
        exporter.RecordAnomalyTrigger("price_spike");
        exporter.SetHealthStatus("exchange", healthy: true);
        exporter.RecordTradeOpened("BTCUSDT");
        exporter.RecordTradeClosed("BTCUSDT", "win");
        exporter.RecordGuardBlock(null!);

        (int exitCode, string text) = await Promtool.RunAsync(Path.GetTempPath(), Scrape.Text(registry), "check", "metrics");

        output.WriteLine($"promtool check metrics exit code {exitCode}:");
        output.WriteLine(text);
        Assert.True(exitCode is 0 or LintProblemsExitCode, text);
        Assert.DoesNotContain("error", text, StringComparison.OrdinalIgnoreCase);
        string[] lints = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(FixedNameLints.Expected, lints.Order(StringComparer.Ordinal).ToArray());
    }
}
