using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>A fact that needs the runner's build output: skipped with a message when it is not built, except on CI (<c>CI=true</c>), where it fails.</summary>
public sealed class RunnerFactAttribute : FactAttribute
{
    public RunnerFactAttribute()
    {
        if (RunnerAssembly.BuiltPath is null && !CiEnvironment.IsCi)
        {
            Skip = $"{RunnerAssembly.Name}.dll is not built in this configuration; run 'dotnet build' on the solution first.";
        }
    }
}
