using System;
using System.IO;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Finds the repository root: the nearest directory above the test assembly that holds the solution file.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "TradingBot.FastMetrics.sln";

    private static readonly Lazy<string> s_path = new(Find);

    public static string Path => s_path.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
