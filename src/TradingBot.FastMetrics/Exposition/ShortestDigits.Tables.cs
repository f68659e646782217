using System.Numerics;

namespace TradingBot.FastMetrics.Exposition;

/// <content>The 5^k multiplier tables, built once from exact integers when the type is first used.</content>
internal static partial class ShortestDigits
{
    private const int Pow5InvTableSize = 342;
    private const int Pow5TableSize = 326;

    // Pairs of (low, high) 64-bit halves: s_pow5Inv[2q..2q+1] ~ 2^(pow5bits(q) - 1 + 125) / 5^q rounded up,
    // s_pow5[2i..2i+1] = the top 125 bits of 5^i.
    private static readonly ulong[] s_pow5Inv = BuildPow5Inv();
    private static readonly ulong[] s_pow5 = BuildPow5();

    private static ulong[] BuildPow5Inv()
    {
        var table = new ulong[2 * Pow5InvTableSize];
        for (int q = 0; q < Pow5InvTableSize; q++)
        {
            BigInteger pow = BigInteger.Pow(5, q);
            int shift = (int)pow.GetBitLength() - 1 + Pow5InvBitCount;
            Store(table, q, (BigInteger.One << shift) / pow + 1);
        }

        return table;
    }

    private static ulong[] BuildPow5()
    {
        var table = new ulong[2 * Pow5TableSize];
        for (int i = 0; i < Pow5TableSize; i++)
        {
            BigInteger pow = BigInteger.Pow(5, i);
            int shift = (int)pow.GetBitLength() - Pow5BitCount;
            Store(table, i, shift >= 0 ? pow >> shift : pow << -shift);
        }

        return table;
    }

    private static void Store(ulong[] table, int index, BigInteger value)
    {
        table[2 * index] = (ulong)(value & ulong.MaxValue);
        table[(2 * index) + 1] = (ulong)(value >> 64);
    }
}
