namespace TradingBot.FastMetrics.Metrics;

/// <summary>An info series: the constant 1, with labels that carry information such as a version.</summary>
/// <remarks>Written as <c>name{k="v",...} 1</c>; OpenMetrics types its family <c>info</c>.</remarks>
public sealed class Info : MetricSeries
{
    internal Info(MetricFamily family, string[] labelValues, bool isOverflow)
        : base(family, labelValues, isOverflow)
    {
    }
}
