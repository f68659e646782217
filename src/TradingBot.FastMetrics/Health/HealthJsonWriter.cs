using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace TradingBot.FastMetrics.Health;

/// <summary>Writes the <c>/health</c> document with <see cref="Utf8JsonWriter"/>.</summary>
/// <remarks>
/// Shape: <c>{"status":"healthy"|"unhealthy","components":{"name":"healthy"|"unhealthy",...},"uptime_seconds":n}</c>.
/// Health checks are not the scrape path; the snapshot list and the writer are allocated per call.
/// </remarks>
internal static class HealthJsonWriter
{
    /// <summary>Writes the document and reports whether everything is healthy.</summary>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="health">The component registry.</param>
    /// <param name="uptimeSeconds">Seconds since the server started.</param>
    /// <returns>True when every component is healthy, so the status code is 200 rather than 503.</returns>
    public static bool Write(IBufferWriter<byte> output, HealthRegistry health, double uptimeSeconds)
    {
        IReadOnlyList<KeyValuePair<string, bool>> components = health.Snapshot();
        bool healthy = true;
        foreach (KeyValuePair<string, bool> component in components)
        {
            healthy &= component.Value;
        }

        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("status"u8, healthy ? "healthy"u8 : "unhealthy"u8);
        writer.WriteStartObject("components"u8);
        foreach (KeyValuePair<string, bool> component in components)
        {
            writer.WriteString(component.Key, component.Value ? "healthy"u8 : "unhealthy"u8);
        }

        writer.WriteEndObject();
        writer.WriteNumber("uptime_seconds"u8, System.Math.Round(uptimeSeconds, 3));
        writer.WriteEndObject();
        writer.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
        return healthy;
    }
}
