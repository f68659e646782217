using System;

namespace TradingBot.FastMetrics.Push;

/// <summary>The outcome of one push or delete: never thrown, always returned.</summary>
/// <param name="Success">Whether the Pushgateway answered with a 2xx status.</param>
/// <param name="StatusCode">The HTTP status code; 0 when no response arrived.</param>
/// <param name="Error">What went wrong (status line and body, a timeout, a connection error); null on success.</param>
/// <param name="Duration">How long the request took.</param>
public readonly record struct PushResult(bool Success, int StatusCode, string? Error, TimeSpan Duration);
