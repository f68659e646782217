using System;
using System.Linq;
using BenchmarkDotNet.Running;
using TradingBot.FastMetrics.Benchmarks.Infrastructure;

namespace TradingBot.FastMetrics.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/TradingBot.FastMetrics.Benchmarks -- --filter '*'</c>.
/// With <c>--allocation-gate</c> first, exits non-zero if a gated benchmark allocated (CI uses this).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool gate = args.Length > 0 && args[0] == "--allocation-gate";
        string[] rest = gate ? args[1..] : args;
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, BenchmarkConfig.Create()).ToArray();
        return gate ? AllocationGate.Check(summaries) : 0;
    }
}
