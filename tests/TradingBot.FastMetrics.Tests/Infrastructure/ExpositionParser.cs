using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>One sample line of a scrape, parsed independently of the writer.</summary>
public sealed record ParsedSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public string? Label(string name)
    {
        foreach (KeyValuePair<string, string> pair in Labels)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }
}

/// <summary>A small, strict parser of the Prometheus text format, written from the spec for tests only.</summary>
public static class ExpositionParser
{
    public static List<ParsedSample> Parse(string text)
    {
        var samples = new List<ParsedSample>();
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("Scrape does not end with a newline.");
        }

        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line));
        }

        return samples;
    }

    public static ParsedSample ParseLine(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        string name = line[..i];
        var labels = new List<KeyValuePair<string, string>>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                int eq = line.IndexOf('=', i);
                string key = line[i..eq];
                if (line[eq + 1] != '"')
                {
                    throw new FormatException($"Label {key} value is not quoted: {line}");
                }

                var value = new StringBuilder();
                int j = eq + 2;
                while (line[j] != '"')
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            _ => throw new FormatException($"Bad escape \\{line[j]} in {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }

                    j++;
                }

                labels.Add(new(key, value.ToString()));
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        if (line[i] != ' ')
        {
            throw new FormatException($"No space before the value: {line}");
        }

        return new ParsedSample(name, labels, ParseValue(line[(i + 1)..]));
    }

    public static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
