using BenchmarkDotNet.Running;
using TradingBot.FastMetrics.Benchmarks.Server;

namespace TradingBot.FastMetrics.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/TradingBot.FastMetrics.Benchmarks -- --filter '*'</c>.</summary>
/// <remarks>
/// <c>serve ...</c> and <c>measure ...</c> are the load-test modes (see <see cref="LoadHostCommand"/>);
/// everything else goes to BenchmarkDotNet.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        if (LoadHostCommand.TryRun(args, out int exitCode))
        {
            return exitCode;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
        return 0;
    }
}
