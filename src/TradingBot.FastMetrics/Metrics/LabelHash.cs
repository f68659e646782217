using System;
using System.Runtime.CompilerServices;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>Hashes label values for a family's series table; every overload agrees with the span form.</summary>
/// <remarks>
/// Built on <see cref="string.GetHashCode()"/>, which is randomised per process, so label values from
/// outside (symbols from an exchange feed) cannot be chosen to collide.
/// </remarks>
internal static class LabelHash
{
    private const int Seed = 17;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(string value) => Finish(Mix(Seed, value.GetHashCode()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(string value1, string value2) =>
        Finish(Mix(Mix(Seed, value1.GetHashCode()), value2.GetHashCode()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(string value1, string value2, string value3) =>
        Finish(Mix(Mix(Mix(Seed, value1.GetHashCode()), value2.GetHashCode()), value3.GetHashCode()));

    public static int Of(ReadOnlySpan<string> values)
    {
        int hash = Seed;
        foreach (string value in values)
        {
            hash = Mix(hash, value.GetHashCode());
        }

        return Finish(hash);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Mix(int hash, int value) => (hash * -1640531535) ^ value;

    // Spread high bits into the low ones, which pick the bucket.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Finish(int hash) => hash ^ (int)((uint)hash >> 15);
}
