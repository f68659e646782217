using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace TradingBot.FastMetrics.Health;

/// <summary>Component health that <c>/health</c> reports: each named component is healthy or not.</summary>
/// <remarks>
/// Thread-safe. Setting a component seen before takes no lock and allocates nothing, so trading code can
/// report health from its own threads; the first report of a new component adds it.
/// </remarks>
public sealed class HealthRegistry : IHealthSource
{
    private readonly ConcurrentDictionary<string, Status> _components = new(StringComparer.Ordinal);

    /// <summary>Gets the process-wide registry.</summary>
    public static HealthRegistry Default { get; } = new();

    /// <summary>Gets whether every component is healthy (true when there are none).</summary>
    public bool IsHealthy
    {
        get
        {
            foreach (KeyValuePair<string, Status> pair in _components)
            {
                if (!pair.Value.Healthy)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Reports a component's health.</summary>
    /// <param name="component">The component name, such as <c>exchange</c>.</param>
    /// <param name="healthy">Whether it is healthy.</param>
    public void Set(string component, bool healthy)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (!_components.TryGetValue(component, out Status? status))
        {
            status = _components.GetOrAdd(component, static _ => new Status());
        }

        status.Healthy = healthy;
    }

    /// <summary>Reads a component's health.</summary>
    /// <param name="component">The component name.</param>
    /// <param name="healthy">Its health, when known.</param>
    /// <returns>Whether the component has reported at all.</returns>
    /// <remarks>Takes no lock and allocates nothing.</remarks>
    public bool TryGet(string component, out bool healthy)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (_components.TryGetValue(component, out Status? status))
        {
            healthy = status.Healthy;
            return true;
        }

        healthy = false;
        return false;
    }

    /// <inheritdoc />
    public bool WriteTo(IBufferWriter<byte> output, double uptimeSeconds) => HealthJsonWriter.Write(output, this, uptimeSeconds);

    /// <summary>Forgets a component.</summary>
    /// <param name="component">The component name.</param>
    /// <returns>Whether it was known.</returns>
    public bool Remove(string component) => _components.TryRemove(component, out _);

    /// <summary>Returns the components and their health, sorted by name.</summary>
    /// <returns>A new list; later reports do not change it.</returns>
    public IReadOnlyList<KeyValuePair<string, bool>> Snapshot()
    {
        var list = new List<KeyValuePair<string, bool>>(_components.Count);
        foreach (KeyValuePair<string, Status> pair in _components)
        {
            list.Add(new KeyValuePair<string, bool>(pair.Key, pair.Value.Healthy));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    private sealed class Status
    {
        private int _healthy = 1;

        public bool Healthy
        {
            get => Volatile.Read(ref _healthy) != 0;
            set => Volatile.Write(ref _healthy, value ? 1 : 0);
        }
    }
}
