using BenchmarkDotNet.Running;

namespace TradingBot.FastMetrics.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/TradingBot.FastMetrics.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
}
