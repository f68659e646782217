using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Deploy;

/// <summary>Compiles every <c>```csharp</c> block of README.md against the library, as a reader would paste it into a new console project.</summary>
/// <remarks>
/// Each block is its own program, compiled in memory with Roslyn: the framework's assemblies, the library and
/// the trading layer as references, and the global usings a <c>dotnet new console</c> project has (so the
/// README must spell out the library's own namespaces). Warnings count, as they do in this repository.
/// </remarks>
public sealed class ReadmeSnippetTests
{
    // The implicit global usings of an SDK console project (ImplicitUsings enable).
    private const string ConsoleGlobalUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq;"
        + " global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    public static TheoryData<int> Snippets()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ReadSnippets().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void Readme_HasTheSnippetsANewcomerNeeds()
    {
        List<string> snippets = ReadSnippets();

        Assert.True(snippets.Count >= 3, $"README.md has {snippets.Count} C# snippets");
        Assert.Contains(snippets, s => s.Contains("TraderMetrics.Attach(", StringComparison.Ordinal) && s.Contains(": ITraderEvents", StringComparison.Ordinal));
        Assert.Contains(snippets, s => s.Contains("PrometheusExporter.Instance", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void ReadmeSnippet_Compiles(int index)
    {
        string snippet = ReadSnippets()[index];
        SyntaxTree tree = CSharpSyntaxTree.ParseText(snippet, new CSharpParseOptions(LanguageVersion.Latest), path: $"README snippet {index + 1}");
        bool program = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            $"ReadmeSnippet{index}",
            [tree, CSharpSyntaxTree.ParseText(ConsoleGlobalUsings, new CSharpParseOptions(LanguageVersion.Latest))],
            References(),
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var output = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(output);

        string[] problems = result.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToArray();
        Assert.True(result.Success && problems.Length == 0, $"README snippet {index + 1} does not compile:\n{string.Join('\n', problems)}\n---\n{snippet}");
    }

    [Fact]
    public void ReadmeSnippets_RegisterNothingThatConflictsWithTheCatalogue()
    {
        // Every metric name a snippet registers must be outside the catalogue (or PrometheusExporter.Instance would refuse it).
        var registered = new List<string>();
        foreach (string snippet in ReadSnippets())
        {
            registered.AddRange(Regex.Matches(snippet, @"\.Create\w+\(""([a-zA-Z_:][a-zA-Z0-9_:]*)""").Select(m => m.Groups[1].Value));
        }

        Assert.NotEmpty(registered);
        Assert.All(registered, name => Assert.DoesNotContain(name, BotMetricNames.All));
    }

    private static List<string> ReadSnippets()
    {
        string readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        return Regex.Matches(readme, @"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .ToList();
    }

    private static List<MetadataReference> References()
    {
        var references = new List<MetadataReference>();
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            // Microsoft.AspNetCore.* and Microsoft.Extensions.*: the ASP.NET Core framework, for the MapFastMetrics snippet.
            if (name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "mscorlib" or "netstandard" or "Microsoft.Win32.Primitives"
                || name == "Microsoft.AspNetCore" || name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        references.Add(MetadataReference.CreateFromFile(typeof(MetricRegistry).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(PrometheusExporter).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(TradingBot.FastMetrics.AspNetCore.FastMetricsEndpointOptions).Assembly.Location));
        return references;
    }
}
