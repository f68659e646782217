using Xunit;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>Tests that measure process-wide allocation: xunit runs this collection alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurementGroup
{
    public const string Name = "Allocation measurements (not parallel)";
}
