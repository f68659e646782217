using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace TradingBot.FastMetrics.Tests.Packaging;

/// <summary>The code blocks of README.md's "Use it in your app" section, turned into a console project's files.</summary>
public static partial class ReadmeSnippets
{
    public const string Section = "## Use it in your app";

    /// <summary>Returns the fenced blocks of the section as (language, code), in order.</summary>
    public static List<(string Language, string Code)> Blocks(string readme)
    {
        int start = readme.IndexOf(Section + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no '{Section}' section.");
        }

        int end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        string section = readme[start..(end < 0 ? readme.Length : end)];
        return Fence().Matches(section).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
    }

    /// <summary>Turns a snippet of top-level statements into a class with one method, its usings hoisted.</summary>
    public static string AsMethod(string code, int index)
    {
        var usings = new StringBuilder();
        var body = new StringBuilder();
        foreach (string line in code.Split('\n'))
        {
            bool isDirective = line.StartsWith("using ", StringComparison.Ordinal) && !line.StartsWith("using var ", StringComparison.Ordinal)
                && !line.Contains('=', StringComparison.Ordinal) && !line.Contains('(', StringComparison.Ordinal);
            (isDirective ? usings : body).Append(line).Append('\n');
        }

        return $$"""
            {{usings}}
            internal static class Snippet{{index}}
            {
                internal static async System.Threading.Tasks.Task RunAsync(string[] args)
                {
                    await System.Threading.Tasks.Task.CompletedTask;
            {{body}}
                }
            }
            """;
    }

    public static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TradingBot.FastMetrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TradingBot.FastMetrics.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```(\\w+)\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
