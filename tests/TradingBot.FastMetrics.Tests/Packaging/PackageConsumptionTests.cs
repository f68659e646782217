using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TradingBot.FastMetrics.Tests.Packaging;

/// <summary>
/// Packs the shipped projects into a temporary folder and consumes them the way an adopting team would: a throwaway
/// console project whose only package source is that folder (and whose packages folder is fresh, so no cached copy
/// can stand in), holding README.md's package references and snippets, is built, run and scraped.
/// </summary>
/// <remarks>
/// Restore works offline because the packages reference nothing: the console project needs only our three packages
/// (from the folder) and the SDK's targeting packs (already on disk). Packing uses the test run's own build output
/// (<c>--no-build</c>), so the test costs three packs, one restore and one build.
/// </remarks>
public sealed class PackageConsumptionTests(ITestOutputHelper output)
{
    private static readonly string[] s_packages = ["TradingBot.FastMetrics", "TradingBot.FastMetrics.Trading", "TradingBot.FastMetrics.AspNetCore"];

    [Fact]
    public async Task Packages_PackWithMetadata_AndReadmeProgramBuildsRunsAndServes()
    {
        string root = ReadmeSnippets.RepositoryRoot();
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string work = Directory.CreateTempSubdirectory("fastmetrics-consumer-").FullName;
        try
        {
            string feed = Path.Combine(work, "feed");
            foreach (string package in s_packages)
            {
                await RunAsync("dotnet", ["pack", Path.Combine(root, "src", package, package + ".csproj"), "-c", configuration, "--no-build", "-o", feed, "-nologo"], root);
            }

            string version = AssertPackageMetadata(feed);

            List<(string Language, string Code)> blocks = ReadmeSnippets.Blocks(await File.ReadAllTextAsync(Path.Combine(root, "README.md")));
            string references = Assert.Single(blocks, b => b.Language == "xml").Code;
            Assert.All(s_packages, p => Assert.Contains($"Include=\"{p}\" Version=\"{version}\"", references, StringComparison.Ordinal));
            List<string> snippets = blocks.Where(b => b.Language == "csharp").Select(b => b.Code).ToList();
            Assert.True(snippets.Count >= 4, $"expected at least 4 C# snippets, found {snippets.Count}");

            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                {references}
                </Project>
                """);

            // The first snippet is the minimal program; the others compile as methods beside it.
            int port = FreeTcpPort.Find();
            Assert.Contains("port: 8080", snippets[0], StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), snippets[0].Replace("port: 8080", $"port: {port}", StringComparison.Ordinal));
            for (int i = 1; i < snippets.Count; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(app, $"Snippet{i}.cs"), ReadmeSnippets.AsMethod(snippets[i], i));
            }

            await RunAsync("dotnet", ["build", app, "-c", "Release", "-nologo", "-p:TreatWarningsAsErrors=false"], app);
            Assert.False(Directory.Exists(Path.Combine(work, "packages", "prometheus-net")));

            await ServeAndScrapeAsync(Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll"), port);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string AssertPackageMetadata(string feed)
    {
        string core = Assert.Single(Directory.GetFiles(feed, "TradingBot.FastMetrics.0*.nupkg"));
        Assert.True(File.Exists(Path.ChangeExtension(core, ".snupkg")), "symbols package missing");
        using ZipArchive zip = ZipFile.OpenRead(core);
        XDocument nuspec;
        using (Stream stream = zip.GetEntry("TradingBot.FastMetrics.nuspec")!.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        XNamespace ns = nuspec.Root!.Name.Namespace;
        XElement metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.DoesNotContain("Package Description", metadata.Element(ns + "description")!.Value, StringComparison.Ordinal);
        Assert.Contains("prometheus", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
        Assert.StartsWith("https://github.com/", metadata.Element(ns + "repository")!.Attribute("url")!.Value, StringComparison.Ordinal);

        // The core package depends on nothing: its dependency groups are empty.
        XElement? dependencies = metadata.Element(ns + "dependencies");
        Assert.Empty(dependencies?.Descendants(ns + "dependency") ?? []);
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry("lib/net10.0/TradingBot.FastMetrics.xml"));
        return metadata.Element(ns + "version")!.Value;
    }

    private async Task ServeAndScrapeAsync(string dll, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        using Process process = Process.Start(start)!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string? line = await process.StandardOutput.ReadLineAsync(deadline.Token);
            Assert.Equal($"Serving http://127.0.0.1:{port}/metrics; press Enter to stop.", line);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), deadline.Token);
            Assert.Contains("# TYPE orders_total counter\norders_total 1\n", scrape, StringComparison.Ordinal);
            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task RunAsync(string file, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string log = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            output.WriteLine(log);
            Assert.Fail($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{log}");
        }
    }
}
