using System;
using System.Collections.Generic;
using System.Text;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>One response as read off the wire by <see cref="RawHttpClient"/>.</summary>
public sealed class RawHttpResponse
{
    public RawHttpResponse(string head, byte[] body)
    {
        Head = head;
        Body = body;
        string[] lines = head.Split("\r\n");
        StatusLine = lines[0];
        StatusCode = int.Parse(StatusLine.AsSpan(9, 3));
        var headers = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':');
            headers.Add(new(lines[i][..colon], lines[i][(colon + 1)..].Trim()));
        }

        Headers = headers;
    }

    /// <summary>Gets the status line and header lines, without the final empty line.</summary>
    public string Head { get; }

    public string StatusLine { get; }

    public int StatusCode { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Returns the value of the only header with this name (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        string? found = null;
        foreach (KeyValuePair<string, string> header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null)
                {
                    throw new InvalidOperationException($"Header {name} appears more than once.");
                }

                found = header.Value;
            }
        }

        return found;
    }
}
