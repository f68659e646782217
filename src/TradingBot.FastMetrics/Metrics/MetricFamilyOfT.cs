using System;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A metric family whose series are of type <typeparamref name="TSeries"/>, found by their label values.</summary>
/// <typeparam name="TSeries">The series type: <see cref="Counter"/>, <see cref="Gauge"/>, <see cref="Histogram"/> or <see cref="Info"/>.</typeparam>
/// <remarks>
/// Look-ups of an existing series take no lock and allocate nothing: the table is a chain of immutable
/// nodes, changed only under the family's lock and published with a volatile write. Keep the returned
/// series as a handle on hot paths to skip the look-up entirely. Label values are stored with unpaired
/// surrogates replaced by U+FFFD (<see cref="LabelValueText"/>), so values that export as the same bytes
/// are one series; a value holding an unpaired surrogate finds its series through the slow path, which
/// allocates its normalised copy on every call.
/// </remarks>
public sealed class MetricFamily<TSeries> : MetricFamily
    where TSeries : MetricSeries
{
    private const int InitialBuckets = 16;

    private readonly Func<MetricFamily<TSeries>, string[], bool, TSeries> _factory;
    private readonly Lock _lock = new();
    private Node?[] _buckets = new Node?[InitialBuckets];
    private TSeries?[] _ordered = new TSeries?[4];
    private int _count;
    private int _generation;
    private TSeries? _overflow;

    internal MetricFamily(
        MetricRegistry registry,
        string name,
        string help,
        MetricType type,
        string[] labelNames,
        int cardinalityLimit,
        HistogramBounds? bounds,
        Func<MetricFamily<TSeries>, string[], bool, TSeries> factory)
        : base(registry, name, help, type, labelNames, cardinalityLimit, bounds)
    {
        _factory = factory;
    }

    /// <inheritdoc />
    public override int SeriesCount => Volatile.Read(ref _count);

    /// <summary>Gets a number that changes every time a series is removed, so a cache of series handles can tell that one may be stale.</summary>
    /// <remarks>It changes after the removed series has left the table: a caller that reads a new value and then looks the labels up again gets a live series.</remarks>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Returns the series for one label value, creating it on first use.</summary>
    /// <param name="value">The value of the family's only label.</param>
    /// <returns>The series; past the cardinality limit, the overflow series.</returns>
    /// <exception cref="ArgumentException">The family does not have exactly one label, or the value is null.</exception>
    public TSeries WithLabels(string value)
    {
        if (LabelCount != 1 || value is null)
        {
            return WithLabelsSlow([value!]);
        }

        int hash = LabelHash.Of(value);
        for (Node? node = Head(hash); node is not null; node = node.Next)
        {
            if (node.Hash == hash && string.Equals(node.Values[0], value))
            {
                return node.Series;
            }
        }

        return WithLabelsSlow([value]);
    }

    /// <summary>Returns the series for two label values, creating it on first use.</summary>
    /// <param name="value1">The value of the first label.</param>
    /// <param name="value2">The value of the second label.</param>
    /// <returns>The series; past the cardinality limit, the overflow series.</returns>
    /// <exception cref="ArgumentException">The family does not have exactly two labels, or a value is null.</exception>
    public TSeries WithLabels(string value1, string value2)
    {
        if (LabelCount != 2 || value1 is null || value2 is null)
        {
            return WithLabelsSlow([value1!, value2!]);
        }

        int hash = LabelHash.Of(value1, value2);
        for (Node? node = Head(hash); node is not null; node = node.Next)
        {
            string[] values = node.Values;
            if (node.Hash == hash && string.Equals(values[0], value1) && string.Equals(values[1], value2))
            {
                return node.Series;
            }
        }

        return WithLabelsSlow([value1, value2]);
    }

    /// <summary>Returns the series for three label values, creating it on first use.</summary>
    /// <param name="value1">The value of the first label.</param>
    /// <param name="value2">The value of the second label.</param>
    /// <param name="value3">The value of the third label.</param>
    /// <returns>The series; past the cardinality limit, the overflow series.</returns>
    /// <exception cref="ArgumentException">The family does not have exactly three labels, or a value is null.</exception>
    public TSeries WithLabels(string value1, string value2, string value3)
    {
        if (LabelCount != 3 || value1 is null || value2 is null || value3 is null)
        {
            return WithLabelsSlow([value1!, value2!, value3!]);
        }

        int hash = LabelHash.Of(value1, value2, value3);
        for (Node? node = Head(hash); node is not null; node = node.Next)
        {
            string[] values = node.Values;
            if (node.Hash == hash && string.Equals(values[0], value1) && string.Equals(values[1], value2)
                && string.Equals(values[2], value3))
            {
                return node.Series;
            }
        }

        return WithLabelsSlow([value1, value2, value3]);
    }

    /// <summary>Returns the series for any number of label values, creating it on first use.</summary>
    /// <param name="values">The label values, in the order of the label names; a <c>params</c> span does not allocate.</param>
    /// <returns>The series; past the cardinality limit, the overflow series.</returns>
    /// <exception cref="ArgumentException">The number of values differs from the number of labels, or a value is null.</exception>
    public TSeries WithLabels(params ReadOnlySpan<string> values)
    {
        Node? node = Find(values, out _);
        return node is not null ? node.Series : WithLabelsSlow(values);
    }

    /// <summary>Removes the series with these label values (a delisted symbol); later scrapes omit it.</summary>
    /// <param name="values">The label values of the series to remove.</param>
    /// <returns><see langword="true"/> if a series was removed.</returns>
    /// <remarks>A handle to the removed series still accepts records, but they are no longer exported.</remarks>
    public bool RemoveLabels(params ReadOnlySpan<string> values)
    {
        if (values.Length == LabelCount && LabelValueText.AnyUnpairedSurrogate(values))
        {
            values = LabelValueText.Normalise(values);
        }

        lock (_lock)
        {
            Node? node = Find(values, out int hash);
            if (node is null)
            {
                return false;
            }

            int index = hash & (_buckets.Length - 1);
            Volatile.Write(ref _buckets[index], CopyChainWithout(_buckets[index], node));

            var ordered = new TSeries?[_ordered.Length];
            int count = 0;
            foreach (TSeries? series in _ordered)
            {
                if (series is not null && !ReferenceEquals(series, node.Series))
                {
                    ordered[count++] = series;
                }
            }

            Volatile.Write(ref _ordered, ordered);
            Volatile.Write(ref _count, count);
            Volatile.Write(ref _generation, _generation + 1);
            return true;
        }
    }

    internal override int CopySeries(Span<MetricSeries> destination)
    {
        // Count first, then the array: a writer publishes the array before the count.
        int count = Volatile.Read(ref _count);
        TSeries?[] ordered = Volatile.Read(ref _ordered);
        count = Math.Min(count, ordered.Length);
        if (destination.Length < count)
        {
            return count;
        }

        int written = 0;
        for (int i = 0; i < count; i++)
        {
            TSeries? series = ordered[i];
            if (series is not null)
            {
                destination[written++] = series;
            }
        }

        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Node? Head(int hash)
    {
        Node?[] buckets = Volatile.Read(ref _buckets);
        return Volatile.Read(ref buckets[hash & (buckets.Length - 1)]);
    }

    private Node? Find(ReadOnlySpan<string> values, out int hash)
    {
        hash = 0;
        if (values.Length != LabelCount)
        {
            return null;
        }

        foreach (string value in values)
        {
            if (value is null)
            {
                return null;
            }
        }

        hash = LabelHash.Of(values);
        for (Node? node = Head(hash); node is not null; node = node.Next)
        {
            if (node.Hash == hash && values.SequenceEqual(node.Values))
            {
                return node;
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TSeries WithLabelsSlow(ReadOnlySpan<string> values)
    {
        if (values.Length != LabelCount)
        {
            ThrowHelper.ThrowArgumentException_LabelCount(Name, LabelCount, values.Length);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                ThrowHelper.ThrowArgumentNullException_LabelValue(Name, i);
            }
        }

        // The table holds normalised values only: a value with an unpaired surrogate looks up its
        // normalised form (lock-free first), so it finds the series its exported bytes belong to.
        string[]? normalised = null;
        if (LabelValueText.AnyUnpairedSurrogate(values))
        {
            normalised = LabelValueText.Normalise(values);
            values = normalised;
            if (Find(values, out _) is { } found)
            {
                return found.Series;
            }
        }

        // Past the limit the fold is lock-free, so a flood of new label sets cannot serialise recorders.
        if (Volatile.Read(ref _count) >= CardinalityLimit && _overflow is { } overflow)
        {
            RecordOverflow();
            return overflow;
        }

        lock (_lock)
        {
            Node? existing = Find(values, out int hash);
            if (existing is not null)
            {
                return existing.Series;
            }

            if (_count >= CardinalityLimit)
            {
                if (_overflow is null)
                {
                    var blanks = new string[LabelCount];
                    Array.Fill(blanks, string.Empty);
                    TSeries created = _factory(this, blanks, true);
                    Append(created);
                    _overflow = created;
                }

                RecordOverflow();
                return _overflow;
            }

            string[] copy = normalised ?? values.ToArray();
            TSeries series = _factory(this, copy, false);
            Insert(hash, copy, series);
            Append(series);
            return series;
        }
    }

    private void Insert(int hash, string[] values, TSeries series)
    {
        Node?[] buckets = _buckets;
        if (_count >= buckets.Length)
        {
            buckets = Rehash(buckets, buckets.Length * 2);
        }

        int index = hash & (buckets.Length - 1);
        Volatile.Write(ref buckets[index], new Node(hash, values, series, buckets[index]));
        Volatile.Write(ref _buckets, buckets);
    }

    private void Append(TSeries series)
    {
        TSeries?[] ordered = _ordered;
        if (_count == ordered.Length)
        {
            Array.Resize(ref ordered, ordered.Length * 2);
        }

        ordered[_count] = series;
        Volatile.Write(ref _ordered, ordered);
        Volatile.Write(ref _count, _count + 1);
    }

    private static Node?[] Rehash(Node?[] old, int size)
    {
        var buckets = new Node?[size];
        foreach (Node? head in old)
        {
            for (Node? node = head; node is not null; node = node.Next)
            {
                int index = node.Hash & (size - 1);
                buckets[index] = new Node(node.Hash, node.Values, node.Series, buckets[index]);
            }
        }

        return buckets;
    }

    private static Node? CopyChainWithout(Node? head, Node removed)
    {
        if (head is null)
        {
            return null;
        }

        Node? rest = CopyChainWithout(head.Next, removed);
        return ReferenceEquals(head, removed) ? rest : new Node(head.Hash, head.Values, head.Series, rest);
    }

    // Immutable, so a reader walking a chain never sees it half-changed.
    private sealed class Node(int hash, string[] values, TSeries series, Node? next)
    {
        public readonly int Hash = hash;
        public readonly string[] Values = values;
        public readonly TSeries Series = series;
        public readonly Node? Next = next;
    }
}
