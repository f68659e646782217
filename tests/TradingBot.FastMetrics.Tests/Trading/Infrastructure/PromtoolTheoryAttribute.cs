using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>The theory form of <see cref="PromtoolFactAttribute"/>: skipped without <c>/usr/bin/promtool</c>, except on CI (<c>CI=true</c>).</summary>
public sealed class PromtoolTheoryAttribute : TheoryAttribute
{
    public PromtoolTheoryAttribute()
    {
        if (!Promtool.IsInstalled && !CiEnvironment.IsCi)
        {
            Skip = $"{Promtool.Path} is not installed (install the Debian 'prometheus' package); on CI (CI=true) this test fails instead.";
        }
    }
}
