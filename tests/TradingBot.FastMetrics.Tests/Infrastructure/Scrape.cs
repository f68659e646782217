using System.Collections.Generic;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>Scrapes a registry to text and parsed samples.</summary>
public static class Scrape
{
    public static string Text(MetricRegistry registry, ExpositionFormat format = ExpositionFormat.PrometheusText) =>
        new RegistryExposition(registry).WriteToString(format);

    public static List<ParsedSample> Samples(MetricRegistry registry) => ExpositionParser.Parse(Text(registry));

    public static double Value(MetricRegistry registry, string name, params string[] labelPairs)
    {
        foreach (ParsedSample sample in Samples(registry))
        {
            if (sample.Name != name)
            {
                continue;
            }

            bool match = true;
            for (int i = 0; i < labelPairs.Length; i += 2)
            {
                match &= sample.Label(labelPairs[i]) == labelPairs[i + 1];
            }

            if (match)
            {
                return sample.Value;
            }
        }

        throw new KeyNotFoundException($"No sample {name} {string.Join(",", labelPairs)}");
    }
}
