using System;
using System.Runtime.CompilerServices;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>The shortest decimal digits that read back as a given double: Ryu (Ulf Adams, PLDI 2018).</summary>
/// <remarks>
/// Written here from the paper rather than taken from .NET's formatter: .NET 10's round-trip output reads
/// back as a neighbouring double for some values (2^-25, 2^-958), and Prometheus' Go exporters print
/// these digits (Go's <c>strconv</c> is Ryu as well), which the golden table in the tests pins byte for byte.
/// Among the shortest candidates inside the rounding interval it returns the one closest to the exact value
/// (ties to even); interval ends count as inside when the mantissa is even, as IEEE round-half-even parsing
/// reads them. Only integer arithmetic on 64- and 128-bit values; the two 5^k tables are built once from
/// <see cref="System.Numerics.BigInteger"/> when the type is first used (ShortestDigits.Tables.cs).
/// </remarks>
internal static partial class ShortestDigits
{
    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;
    private const int Pow5InvBitCount = 125;
    private const int Pow5BitCount = 125;
    /// <summary>Returns the shortest digits of a finite, non-zero double's magnitude; value = digits x 10^<paramref name="exponent"/>.</summary>
    /// <param name="ieeeMantissa">The 52 stored mantissa bits.</param>
    /// <param name="ieeeExponent">The 11 stored exponent bits (0 for subnormals; never 2047).</param>
    /// <param name="exponent">The power of ten of the last digit.</param>
    /// <returns>The digits, at most 17 of them, with no trailing zero unless the value needs it.</returns>
    public static ulong Compute(ulong ieeeMantissa, int ieeeExponent, out int exponent)
    {
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }

        bool acceptBounds = (m2 & 1) == 0;

        // The exact value is mv / 4 x 2^(e2 + 2); its rounding interval is [mm, mp] in the same units. The lower
        // gap is half as wide just above a power of two (mantissa bits zero), except for the smallest normal.
        ulong mv = 4 * m2;
        uint mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;
        ulong vr, vp, vm;
        int e10;
        bool vmIsTrailingZeros = false;
        bool vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            int q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            int k = Pow5InvBitCount + Pow5Bits(q) - 1;
            int i = -e2 + q + k;
            ulong low = s_pow5Inv[2 * q], high = s_pow5Inv[(2 * q) + 1];
            vr = MulShift(mv, low, high, i);
            vp = MulShift(mv + 2, low, high, i);
            vm = MulShift(mv - 1 - mmShift, low, high, i);
            if (q <= 21)
            {
                // Only here can the exact quotients be whole numbers; find out which are.
                if (mv % 5 == 0)
                {
                    vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                }
                else if (acceptBounds)
                {
                    vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                }
                else if (MultipleOfPowerOf5(mv + 2, q))
                {
                    vp--;
                }
            }
        }
        else
        {
            int q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            int i = -e2 - q;
            int k = Pow5Bits(i) - Pow5BitCount;
            int j = q - k;
            ulong low = s_pow5[2 * i], high = s_pow5[(2 * i) + 1];
            vr = MulShift(mv, low, high, j);
            vp = MulShift(mv + 2, low, high, j);
            vm = MulShift(mv - 1 - mmShift, low, high, j);
            if (q <= 1)
            {
                // mv has at least q trailing zero bits, so vr is exact.
                vrIsTrailingZeros = true;
                if (acceptBounds)
                {
                    vmIsTrailingZeros = mmShift == 1;
                }
                else
                {
                    vp--;
                }
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = MultipleOfPowerOf2(mv, q);
            }
        }

        int removed = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            output = RemoveDigitsExact(vr, vp, vm, vmIsTrailingZeros, vrIsTrailingZeros, acceptBounds, ref removed);
        }
        else
        {
            // The common case: no quotient is exact, so rounding only looks at the last removed digit.
            bool roundUp = false;
            ulong vpDiv100 = vp / 100;
            ulong vmDiv100 = vm / 100;
            if (vpDiv100 > vmDiv100)
            {
                ulong vrDiv100 = vr / 100;
                roundUp = vr - (100 * vrDiv100) >= 50;
                vr = vrDiv100;
                vp = vpDiv100;
                vm = vmDiv100;
                removed += 2;
            }

            while (true)
            {
                ulong vpDiv10 = vp / 10;
                ulong vmDiv10 = vm / 10;
                if (vpDiv10 <= vmDiv10)
                {
                    break;
                }

                ulong vrDiv10 = vr / 10;
                roundUp = vr - (10 * vrDiv10) >= 5;
                vr = vrDiv10;
                vp = vpDiv10;
                vm = vmDiv10;
                removed++;
            }

            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }

        exponent = e10 + removed;
        return output;
    }

    // The rare case (under 1% of doubles) where a bound or the value itself is an exact decimal: track
    // whether the removed digits were all zero, to keep a bound that is inside and to round ties to even.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong RemoveDigitsExact(ulong vr, ulong vp, ulong vm, bool vmIsTrailingZeros, bool vrIsTrailingZeros, bool acceptBounds, ref int removed)
    {
        ulong lastRemovedDigit = 0;
        while (true)
        {
            ulong vpDiv10 = vp / 10;
            ulong vmDiv10 = vm / 10;
            if (vpDiv10 <= vmDiv10)
            {
                break;
            }

            ulong vmMod10 = vm - (10 * vmDiv10);
            ulong vrDiv10 = vr / 10;
            vmIsTrailingZeros &= vmMod10 == 0;
            vrIsTrailingZeros &= lastRemovedDigit == 0;
            lastRemovedDigit = vr - (10 * vrDiv10);
            vr = vrDiv10;
            vp = vpDiv10;
            vm = vmDiv10;
            removed++;
        }

        if (vmIsTrailingZeros)
        {
            while (true)
            {
                ulong vmDiv10 = vm / 10;
                if (vm - (10 * vmDiv10) != 0)
                {
                    break;
                }

                ulong vrDiv10 = vr / 10;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vr - (10 * vrDiv10);
                vr = vrDiv10;
                vp /= 10;
                vm = vmDiv10;
                removed++;
            }
        }

        if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
        {
            // An exact tie ...50...0: round half to even.
            lastRemovedDigit = 4;
        }

        bool vmOutside = vr == vm && (!acceptBounds || !vmIsTrailingZeros);
        return vr + (vmOutside || lastRemovedDigit >= 5 ? 1UL : 0UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulShift(ulong m, ulong low, ulong high, int shift)
    {
        ulong high0 = Math.BigMul(m, low, out _);
        UInt128 sum = Math.BigMul(m, high) + high0;
        return (ulong)(sum >> (shift - 64));
    }

    // ceil(log2(5^e)) for 0 <= e <= 3528, floor(log10(2^e)) for 0 <= e <= 1650, floor(log10(5^e)) for 0 <= e <= 2620.
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static bool MultipleOfPowerOf5(ulong value, int p)
    {
        int count = 0;
        while (value % 5 == 0 && value != 0)
        {
            value /= 5;
            count++;
        }

        return count >= p;
    }

    private static bool MultipleOfPowerOf2(ulong value, int p) => (value & ((1UL << p) - 1)) == 0;
}
