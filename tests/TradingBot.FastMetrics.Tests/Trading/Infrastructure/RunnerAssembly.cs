using System;
using System.Reflection;
using TradingBot.FastMetrics.Runner.Simulation;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>The runner's assembly, where the simulated trader lives; the test project references it, so it is always there.</summary>
internal static class RunnerAssembly
{
    public const string Name = "TradingBot.FastMetrics.Runner";

    public static Assembly Assembly => typeof(TradingSimulation).Assembly;

    public static Type GetType(string simpleName) =>
        Assembly.GetType($"{Name}.Simulation.{simpleName}", throwOnError: true)!;
}
