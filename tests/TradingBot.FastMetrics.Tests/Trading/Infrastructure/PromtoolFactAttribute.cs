using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>A fact that needs <c>/usr/bin/promtool</c>: skipped with a message when it is missing, except on CI (<c>CI=true</c>), where the test runs and fails.</summary>
/// <remarks>xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed.</remarks>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (!Promtool.IsInstalled && !CiEnvironment.IsCi)
        {
            Skip = $"{Promtool.Path} is not installed (install the Debian 'prometheus' package); on CI (CI=true) this test fails instead.";
        }
    }
}
