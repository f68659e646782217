using System;

namespace TradingBot.FastMetrics.Runner;

/// <summary>The runner's <c>--pushgateway URL</c>: push every 5 s and once at exit, as job <c>trading_bot</c>, for backtests.</summary>
public static class PushgatewayOption
{
    /// <summary>The interval between periodic pushes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>The job name of the grouping key.</summary>
    public const string Job = "trading_bot";

    /// <summary>Finds <c>--pushgateway URL</c> (or <c>--pushgateway=URL</c>) in the arguments.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="endpoint">The gateway's address; null when the option is absent.</param>
    /// <param name="error">A one-line reason, when the value is missing or not an http(s) URL.</param>
    /// <returns>Whether the arguments were valid.</returns>
    public static bool TryParse(string[] args, out Uri? endpoint, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        endpoint = null;
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = args[i] == "--pushgateway" ? (i + 1 < args.Length ? args[i + 1] : null)
                : args[i].StartsWith("--pushgateway=", StringComparison.Ordinal) ? args[i]["--pushgateway=".Length..]
                : string.Empty;
            if (value is { Length: 0 })
            {
                continue;
            }

            if (value is null || !Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                error = $"--pushgateway must be an http:// or https:// URL, not '{value}'";
                return false;
            }

            endpoint = uri;
        }

        return true;
    }
}
