using System;
using System.IO;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>A fact that needs Debian's <c>prometheus-pushgateway</c>; skips with a hint locally, fails under <c>CI=true</c>.</summary>
public sealed class PushgatewayFactAttribute : FactAttribute
{
    public const string BinaryPath = "/usr/bin/prometheus-pushgateway";

    public PushgatewayFactAttribute()
    {
        if (!File.Exists(BinaryPath) && !PrometheusFactAttribute.IsCi)
        {
            Skip = $"Pushgateway is not installed ({BinaryPath} missing); run `sudo apt-get install prometheus-pushgateway` to enable this test. In CI (CI=true) it fails instead.";
        }
    }
}
