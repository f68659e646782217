using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using TradingBot.FastMetrics.Tests.Infrastructure;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Runner;

/// <content>Native histograms and exemplars end to end: a native-enabled Prometheus and a classic one scrape the same runner.</content>
public sealed partial class RunnerProcessTests
{
    private static readonly TimeSpan s_nativeWait = TimeSpan.FromSeconds(40);

    [PrometheusFact]
    public async Task Prometheus_NativeAndClassic_ScrapeTheSameRunner_NativeQuantileInClassicBracketAndExemplars()
    {
        using RunnerProcess runner = await RunnerProcess.StartServingAsync("--seed", "7", "--rate", "200");
        using PrometheusProcess native = PrometheusProcess.Start(runner.Port, features: "native-histograms,exemplar-storage");
        using PrometheusProcess classic = PrometheusProcess.Start(runner.Port);
        await native.WaitForTargetUpAsync(s_nativeWait, "the runner target to be up (native)");
        await classic.WaitForTargetUpAsync(s_nativeWait, "the runner target to be up (classic)");

        // With the flag Prometheus negotiates protobuf and keeps only the native part of a hybrid histogram.
        await native.WaitUntilAsync(
            async () => (await native.QueryAsync("histogram_count(rate(bot_open_latency_ms[1m]))")) is { } r && r.GetArrayLength() == 1 && Value(r[0]) > 0,
            s_nativeWait,
            "histogram_count(rate(bot_open_latency_ms[1m])) > 0");
        Assert.Equal(0, (await native.QueryAsync("bot_open_latency_ms_bucket")).GetArrayLength());

        // Without flags, the classic series as before.
        await classic.WaitUntilAsync(
            async () => (await classic.QueryAsync("bot_open_latency_ms_bucket")).GetArrayLength() == 8,
            s_nativeWait,
            "the 8 classic bot_open_latency_ms buckets");
        await classic.WaitUntilAsync(
            async () => (await classic.QueryAsync("histogram_quantile(0.99, sum by (le) (rate(bot_open_latency_ms_bucket[1m])))")) is { } r
                && r.GetArrayLength() == 1 && double.IsFinite(Value(r[0])),
            s_nativeWait,
            "a classic p99");

        // Enough data that one latency spike in the second between the two servers' first scrapes cannot move
        // the tail: at least 600 observations in the window.
        await native.WaitUntilAsync(
            async () => (await native.QueryAsync("histogram_count(increase(bot_open_latency_ms[1m]))")) is { } r && r.GetArrayLength() == 1 && Value(r[0]) >= 600,
            TimeSpan.FromSeconds(60),
            "600 observations in the native window");

        string at = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        double nativeP99 = Value((await native.GetDataAsync($"api/v1/query?time={at}&query=" + Uri.EscapeDataString("histogram_quantile(0.99, rate(bot_open_latency_ms[1m]))"))).GetProperty("result")[0]);
        JsonElement classicBuckets = (await classic.GetDataAsync($"api/v1/query?time={at}&query=" + Uri.EscapeDataString("sum by (le) (rate(bot_open_latency_ms_bucket[1m]))"))).GetProperty("result");
        (double Le, double Rate)[] cumulative = classicBuckets.EnumerateArray()
            .Select(b => (Le: ParseLe(b.GetProperty("metric").GetProperty("le").GetString()!), Rate: Value(b)))
            .OrderBy(b => b.Le)
            .ToArray();
        Assert.Equal(8, cumulative.Length);
        double total = cumulative[^1].Rate;

        // The classic bracket of the 0.99 rank: the bucket it falls in, widened to the buckets of ranks 0.985 and
        // 0.995 because the two servers' windows start a scrape apart.
        double lower = LowerBound(cumulative, 0.985 * total);
        double upper = cumulative.First(b => b.Rate >= 0.995 * total).Le;
        output.WriteLine($"p99: native {nativeP99}; classic bracket ({lower}, {upper}] of {total}/s: {string.Join(", ", cumulative.Select(b => $"{b.Le}:{b.Rate:F3}"))}");
        Assert.True(double.IsFinite(nativeP99), $"native p99 {nativeP99}");

        // Give or take one native bucket (factor 2^(1/8) at schema 3), the native estimate's own resolution.
        double slack = Math.Pow(2, 1.0 / 8);
        Assert.InRange(nativeP99, lower / slack, upper * slack);

        // Every latency and slippage panel of the dashboard answers on both servers: the classic half of its
        // "or" on the classic one, the native half on the native one.
        foreach (string query in DeployAssets.DashboardQueries().Where(q => q.Contains("latency", StringComparison.Ordinal) || q.Contains("slippage", StringComparison.Ordinal)))
        {
            string promql = System.Text.RegularExpressions.Regex.Replace(
                query.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__range", "5m", StringComparison.Ordinal), @"\$\{?\w+\}?", ".*");
            foreach (PrometheusProcess server in new[] { native, classic })
            {
                JsonElement result = await server.QueryAsync(promql);
                Assert.True(result.GetArrayLength() > 0, $"{(server == native ? "native" : "classic")} Prometheus: no result for {promql}");
            }
        }

        // Exemplars: 2.42 takes a native histogram's exemplar from the classic buckets' exemplar fields.
        string range = $"start={DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}&end={DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds()}";
        foreach (string series in new[] { "bot_open_latency_ms", "bot_trades_opened_total" })
        {
            await native.WaitUntilAsync(
                async () => OrderIds(await native.GetDataAsync($"api/v1/query_exemplars?query={series}&{range}")).Any(),
                s_nativeWait,
                $"exemplars with order ids on {series}");
            string[] ids = OrderIds(await native.GetDataAsync($"api/v1/query_exemplars?query={series}&{range}")).ToArray();
            output.WriteLine($"{series}: {ids.Length} exemplars, e.g. {ids[0]}");
            Assert.All(ids, id => Assert.Matches("^SIM-[0-9]+$", id));
        }
    }

    [PrometheusFact]
    public async Task Promtool_OpenMetricsWithExemplars_ParsesWithTheOpenMetricsParser()
    {
        using RunnerProcess runner = await RunnerProcess.StartServingAsync("--seed", "7", "--rate", "200");
        await Task.Delay(1000);
        RawHttpResponse response = await runner.GetAsync("/metrics", "application/openmetrics-text");
        string scrape = response.BodyText;
        Assert.Contains(" # {order_id=\"SIM-", scrape, StringComparison.Ordinal);
        Assert.Matches("\nbot_open_latency_ms_bucket\\{le=\"[^\"]+\"\\} [0-9]+ # \\{order_id=\"SIM-[0-9]+\"\\} [0-9.e+-]+ [0-9]+\\.[0-9]{3}\n", scrape);
        Assert.Matches("\nbot_trades_opened_total\\{symbol=\"[A-Z]+\"\\} [0-9]+ # \\{order_id=\"SIM-[0-9]+\"\\} 1\\.0 [0-9]+\\.[0-9]{3}\n", scrape);

        // The importer wants a timestamp on every sample; it goes between the value and the exemplar.
        string stamped = string.Join('\n', scrape.Split('\n').Select(line =>
        {
            if (line.Length == 0 || line[0] == '#')
            {
                return line;
            }

            int exemplar = line.IndexOf(" # {", StringComparison.Ordinal);
            return exemplar < 0 ? line + " 1700000000" : line[..exemplar] + " 1700000000" + line[exemplar..];
        }));
        (int exitCode, string text) = await PromtoolProcess.ImportOpenMetricsAsync(stamped);
        output.WriteLine(text);
        Assert.True(exitCode == 0, text);

        // And the parser does read the exemplars: a malformed one fails the import.
        (exitCode, text) = await PromtoolProcess.ImportOpenMetricsAsync(stamped.Replace("\"} 1.0 ", "\"} one ", StringComparison.Ordinal));
        Assert.True(exitCode != 0, text);
    }

    private static double ParseLe(string le) => le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);

    private static double LowerBound((double Le, double Rate)[] cumulative, double rank)
    {
        int bucket = Array.FindIndex(cumulative, b => b.Rate >= rank);
        return bucket <= 0 ? 0 : cumulative[bucket - 1].Le;
    }

    private static System.Collections.Generic.IEnumerable<string> OrderIds(JsonElement data)
    {
        foreach (JsonElement series in data.EnumerateArray())
        {
            foreach (JsonElement exemplar in series.GetProperty("exemplars").EnumerateArray())
            {
                if (exemplar.GetProperty("labels").TryGetProperty("order_id", out JsonElement id))
                {
                    yield return id.GetString()!;
                }
            }
        }
    }
}
