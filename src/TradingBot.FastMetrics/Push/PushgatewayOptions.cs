using System;
using System.Collections.Generic;
using System.Net.Http;

namespace TradingBot.FastMetrics.Push;

/// <summary>Where and how a <see cref="PushgatewayPusher"/> pushes.</summary>
public sealed class PushgatewayOptions
{
    /// <summary>Gets or sets the Pushgateway's base address, e.g. <c>http://pushgateway:9091</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the job name, the first part of the grouping key.</summary>
    public string Job { get; set; } = "trading_bot";

    /// <summary>Gets the further grouping labels (e.g. <c>instance</c>, <c>backtest</c>), in URL order.</summary>
    public IList<KeyValuePair<string, string>> GroupingLabels { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>Gets or sets the user name for HTTP basic authentication; null for none.</summary>
    public string? BasicUserName { get; set; }

    /// <summary>Gets or sets the password for HTTP basic authentication.</summary>
    public string? BasicPassword { get; set; }

    /// <summary>Gets or sets a bearer token sent as <c>Authorization: Bearer</c>; null for none.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Gets or sets how long one request may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the method of periodic and final pushes.</summary>
    public PushMethod Method { get; set; } = PushMethod.Put;

    /// <summary>Gets or sets a handler for the HTTP client (a proxy, TLS settings, a test double); null for the default.</summary>
    public HttpMessageHandler? Handler { get; set; }
}
