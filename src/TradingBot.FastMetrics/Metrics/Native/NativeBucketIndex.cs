using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <summary>The exact native-histogram bucket index of a positive value, from its exponent and mantissa bits.</summary>
/// <remarks>
/// <para>Bucket <c>i</c> of schema <c>s</c> holds the values in <c>(2^((i-1)/2^s), 2^(i/2^s)]</c>; see
/// https://github.com/prometheus/prometheus/blob/main/docs/native_histograms.md and the schema comment in
/// prometheus/client_model's metrics.proto. Writing the value as <c>frac * 2^exp</c> with <c>frac</c> in
/// [0.5, 1) (C's frexp), the index is <c>(exp - 1) * 2^s</c> plus the number of boundaries of [0.5, 1) below
/// <c>frac</c>. For schema 0 and below the boundaries are powers of two, so the exponent alone decides.</para>
/// <para>No logarithm: the boundaries of [0.5, 1) are a table (rounded down, see <see cref="s_boundBits"/>),
/// and a second table indexed by the top <c>s + 1</c> mantissa bits gives the count of boundaries below the
/// start of that slice and the next boundary, in one entry. A slice (width 2^-(s+2)) is narrower than the gap between two boundaries (more than
/// 0.34 * 2^-s), so at most one boundary lies inside it, and one comparison finishes the count.</para>
/// </remarks>
internal static partial class NativeBucketIndex
{
    /// <summary>The lowest schema the format defines.</summary>
    public const int MinSchema = -4;

    /// <summary>The highest schema the format defines.</summary>
    public const int MaxSchema = 8;

    /// <summary>What <see cref="OfNormal"/> returns for a subnormal or infinite value: far from any real index
    /// (those lie within about ±300,000), so it also fails every window's run check.</summary>
    public const int Unusual = int.MinValue;


    // Indexed by schema 1..8 (entries 0 unused): the boundaries plus a closing 1.0, and the slice counts.
    private static readonly double[][] s_bounds = BuildBounds();
    // All schemas' slice tables end to end (schema s at SliceOffsetOf(s)): the record path then indexes one
    // static array, whose address needs no load from the window, by an offset the window keeps.
    private static readonly Slice[] s_slices = BuildSlices();

    /// <summary>Returns the index of the bucket holding <paramref name="value"/>, which is above zero and not NaN.</summary>
    /// <param name="value">A positive value; <c>+Inf</c> goes to the bucket of <see cref="double.MaxValue"/>.</param>
    /// <param name="schema">A schema from <see cref="MinSchema"/> to <see cref="MaxSchema"/>.</param>
    /// <returns>The bucket index.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(double value, int schema)
    {
        int index = OfNormal(value, schema, SliceOffsetOf(schema));
        return index != Unusual ? index : OfUnusual(value, schema);
    }

    /// <summary>As <see cref="Of(double, int)"/> for a normal (not subnormal, not infinite) value; <see cref="Unusual"/> for any other.</summary>
    /// <param name="value">A positive value.</param>
    /// <param name="schema">A schema from <see cref="MinSchema"/> to <see cref="MaxSchema"/>.</param>
    /// <param name="sliceOffset">The schema's <see cref="SliceOffsetOf"/>, which the caller keeps beside the schema.</param>
    /// <returns>The bucket index, or <see cref="Unusual"/>.</returns>
    /// <remarks>
    /// The record path sends <see cref="Unusual"/> to its slow path with everything else, so it makes no call
    /// of its own and the JIT keeps its values in registers.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int OfNormal(double value, int schema, int sliceOffset)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int biased = (int)(bits >> 52);

        // Subnormals (biased exponent 0) and +Inf (0x7FF).
        if ((uint)(biased - 1) >= 0x7FE)
        {
            return Unusual;
        }

        // The mantissa in the top 52 bits: no mask to load, and the slice is its top schema + 1 bits.
        ulong top = bits << 12;
        if (schema > 0)
        {
            // One load gives the count of boundaries below the slice and the one boundary that may lie inside
            // it (a table of boundaries would be a second, dependent load). Fractions in [0.5, 1) share one
            // exponent, so comparing mantissas as integers compares the values.
            ref Slice slice = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s_slices), sliceOffset + (nint)(top >> (63 - schema)));
            return slice.Below + (top > slice.Bound ? 1 : 0) + ((biased - 1023) << schema);
        }

        // A power of two is the inclusive upper bound of the bucket below its exponent.
        int key = biased - 1022 - (top == 0 ? 1 : 0);
        return (key + (1 << -schema) - 1) >> -schema;
    }

    /// <summary>Gets where a schema's slice table starts in the table of all schemas (0, unused, for schema 0 and below).</summary>
    /// <param name="schema">A schema from <see cref="MinSchema"/> to <see cref="MaxSchema"/>.</param>
    /// <returns>The offset: schema s has 2^(s + 1) slices, so the tables of 1 .. s - 1 take 2^(s + 1) - 4.</returns>
    public static int SliceOffsetOf(int schema) => schema > 0 ? (2 << schema) - 4 : 0;

    /// <summary>Maps a bucket index at one schema to the index at a lower schema (each step merges pairs).</summary>
    /// <param name="index">The index at the higher schema.</param>
    /// <param name="steps">How many schemas lower, zero or more.</param>
    /// <returns><c>ceil(index / 2^steps)</c>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Reduce(int index, int steps) => ((index - 1) >> steps) + 1;

    /// <summary>Returns the exact inclusive upper bound of bucket <paramref name="index"/> as the nearest double (for tests and tools).</summary>
    internal static double UpperBound(int index, int schema) => Math.Pow(2, index / Math.Pow(2, schema));

    /// <summary>Gets the boundary table of a positive schema, with the closing 1.0 (for tests).</summary>
    internal static ReadOnlySpan<double> Bounds(int schema) => s_bounds[schema];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int OfUnusual(double value, int schema)
    {
        if (double.IsPositiveInfinity(value))
        {
            return Of(double.MaxValue, schema);
        }

        // Subnormal: scaling by 2^64 is exact and makes it normal; the exponent shifts by 64.
        double scaled = value * 18446744073709551616.0;
        if (schema > 0)
        {
            return Of(scaled, schema) - (64 << schema);
        }

        int key = Of(scaled, 0) - 64;
        return (key + (1 << -schema) - 1) >> -schema;
    }

    /// <summary>One slice of [0.5, 1): the boundaries below its start, and the next boundary (which may lie inside it).</summary>
    internal readonly struct Slice(double bound, int below)
    {
        /// <summary>The first boundary at or above the slice's start, as its mantissa in the top 52 bits; a
        /// fraction whose mantissa is above it is in the next bucket. The closing 1.0 is above every mantissa.</summary>
        public readonly ulong Bound = bound < 1.0 ? BitConverter.DoubleToUInt64Bits(bound) << 12 : ulong.MaxValue;

        /// <summary>How many boundaries lie below the slice's start.</summary>
        public readonly int Below = below;
    }

    private static double[][] BuildBounds()
    {
        var tables = new double[MaxSchema + 1][];
        tables[0] = [];
        int offset = 0;
        for (int schema = 1; schema <= MaxSchema; schema++)
        {
            int n = 1 << schema;
            var table = new double[n + 1];
            for (int i = 0; i < n; i++)
            {
                table[i] = BitConverter.UInt64BitsToDouble(s_boundBits[offset + i]);
            }

            // frac is below 1, so the count never runs past this entry.
            table[n] = 1.0;
            tables[schema] = table;
            offset += n;
        }

        return tables;
    }

    private static Slice[] BuildSlices()
    {
        var table = new Slice[SliceOffsetOf(MaxSchema + 1)];
        for (int schema = 1; schema <= MaxSchema; schema++)
        {
            double[] bounds = s_bounds[schema];
            int slices = 2 << schema;
            int offset = SliceOffsetOf(schema);
            int below = 0;
            for (int slice = 0; slice < slices; slice++)
            {
                // The smallest frac in this slice: 0.5 + slice * 2^-(schema + 2).
                double start = 0.5 + (slice / (double)(4 << schema));
                while (bounds[below] < start)
                {
                    below++;
                }

                table[offset + slice] = new Slice(bounds[below], below);
            }
        }

        return table;
    }
}
