using System;
using System.IO;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>
/// A fact that needs Debian's <c>prometheus</c> package (<c>/usr/bin/prometheus</c>, <c>/usr/bin/promtool</c>).
/// Outside CI a missing binary skips the test with install instructions; with <c>CI=true</c> the test runs and fails.
/// </summary>
/// <remarks>xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed.</remarks>
public sealed class PrometheusFactAttribute : FactAttribute
{
    /// <summary>Gets the directory holding prometheus and promtool: /usr/bin (Debian's package), or FASTMETRICS_PROMETHEUS_DIR.</summary>
    public static readonly string BinaryDirectory = Environment.GetEnvironmentVariable("FASTMETRICS_PROMETHEUS_DIR") is { Length: > 0 } dir ? dir : "/usr/bin";

    public static readonly string PrometheusPath = Path.Combine(BinaryDirectory, "prometheus");
    public static readonly string PromtoolPath = Path.Combine(BinaryDirectory, "promtool");

    public PrometheusFactAttribute()
    {
        if (!IsInstalled && !IsCi)
        {
            Skip = $"Prometheus is not installed ({PrometheusPath} or {PromtoolPath} missing); run `sudo apt-get install prometheus` to enable this test. In CI (CI=true) it fails instead.";
        }
    }

    public static bool IsInstalled => File.Exists(PrometheusPath) && File.Exists(PromtoolPath);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws a clear failure when the binaries are missing (only reachable in CI).</summary>
    public static void EnsureInstalled()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(
                $"CI=true but Prometheus is not installed ({PrometheusPath} or {PromtoolPath} missing); .ci/run must `apt-get install -y prometheus`.");
        }
    }
}
