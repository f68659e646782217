using System;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Tells whether the tests run on CI, where a missing tool is a failure rather than a reason to skip.</summary>
internal static class CiEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
