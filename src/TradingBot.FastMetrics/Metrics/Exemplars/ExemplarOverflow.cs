namespace TradingBot.FastMetrics.Metrics.Exemplars;

/// <summary>What happens to an exemplar label value longer than its configured slot.</summary>
public enum ExemplarOverflow
{
    /// <summary>Keep the first characters that fit; counted as <c>exemplar_truncated</c>.</summary>
    Truncate,

    /// <summary>Record no exemplar this time; counted as <c>exemplar_refused</c>.</summary>
    Refuse,
}
