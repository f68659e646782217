using System.Linq;
using BenchmarkDotNet.Running;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;
using TradingBot.FastMetrics.Benchmarks.Server;

namespace TradingBot.FastMetrics.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/TradingBot.FastMetrics.Benchmarks -- --filter '*'</c>.</summary>
/// <remarks>
/// <c>serve ...</c> and <c>measure ...</c> are the load-test modes (see <see cref="LoadHostCommand"/>).
/// With <c>--allocation-gate</c> first, the run exits non-zero if a gated benchmark allocated (CI uses this);
/// that run has tiered compilation off, so the JIT's own background allocations are not mistaken for ours.
/// Everything else goes to BenchmarkDotNet.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        if (LoadHostCommand.TryRun(args, out int exitCode))
        {
            return exitCode;
        }

        bool gate = args.Length > 0 && args[0] == "--allocation-gate";

        // BenchmarkDotNet counts allocated bytes process-wide, so a method that the tiered JIT's background
        // thread promotes during the measured iteration shows up as "1 B/op" on code that allocates nothing
        // (BenchmarkDotNet issue 1542). The gate judges our code, not the JIT: it runs with tiering off.
        string[] rest = gate ? [.. args[1..], "--envVars", "DOTNET_TieredCompilation:0"] : args;
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, BenchmarkConfig.Create()).ToArray();
        return gate ? AllocationGate.Check(summaries) : 0;
    }
}
