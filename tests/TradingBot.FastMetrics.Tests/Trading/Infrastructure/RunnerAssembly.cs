using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Loads the runner's assembly, where the simulated trader lives, from its build output.</summary>
/// <remarks>
/// The test project references the Trading project but not the runner (an executable), so the simulation
/// is reached by reflection: the runner assembly is loaded into the default context, where its references
/// to the library and the Trading assembly bind to the copies this process already uses, so its trader is
/// an <c>ITraderEvents</c> of ours. Once the test project references the runner, <see cref="Load"/> finds it
/// by name and the path probing is unused.
/// </remarks>
internal static class RunnerAssembly
{
    public const string Name = "TradingBot.FastMetrics.Runner";

    private static readonly Lazy<Assembly> s_assembly = new(LoadCore);

    /// <summary>Gets the path of the runner's build output in the same configuration as the tests, or null when it is not built.</summary>
    public static string? BuiltPath
    {
        get
        {
            string local = Path.Combine(AppContext.BaseDirectory, Name + ".dll");
            if (File.Exists(local))
            {
                return local;
            }

            // tests/<project>/bin/<Configuration>/<tfm>/ → src/<runner>/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string? configuration = tfm.Parent?.Name;
            if (configuration is null)
            {
                return null;
            }

            string built = RepositoryRoot.Combine("src", Name, "bin", configuration, tfm.Name, Name + ".dll");
            return File.Exists(built) ? built : null;
        }
    }

    public static Assembly Load() => s_assembly.Value;

    public static Type GetType(string simpleName) =>
        Load().GetType($"{Name}.Simulation.{simpleName}", throwOnError: true)!;

    private static Assembly LoadCore()
    {
        try
        {
            return Assembly.Load(new AssemblyName(Name));
        }
        catch (FileNotFoundException)
        {
            string path = BuiltPath ?? throw new InvalidOperationException(
                $"{Name}.dll is not built; run 'dotnet build' on the solution first.");
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
    }
}
