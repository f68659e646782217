namespace TradingBot.FastMetrics.Push;

/// <summary>How a push changes the Pushgateway's group, per https://github.com/prometheus/pushgateway#api.</summary>
public enum PushMethod
{
    /// <summary><c>PUT</c>: replaces every metric of the group.</summary>
    Put,

    /// <summary><c>POST</c>: replaces only the metrics with the same names as the pushed ones.</summary>
    Post,
}
