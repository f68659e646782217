using System;
using System.Buffers.Text;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Exposition;

/// <summary>Formats numbers as UTF-8 the way Prometheus' own Go clients do, straight into a span.</summary>
/// <remarks>
/// Doubles are byte for byte Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c>: the shortest digits that
/// read back as the same double (<see cref="ShortestDigits"/>), in exponent form when the decimal exponent
/// is below -4 or at least 6 (<c>1e+06</c>, <c>2.5e-05</c>), with at least two exponent digits, and
/// <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>. The same value always gives the same bytes, so <c>le</c> labels are
/// stable across scrapes and match what Go exporters emit. A golden table printed by Go itself pins this
/// in the tests. See https://github.com/prometheus/docs/blob/main/content/docs/instrumenting/exposition_formats.md.
/// </remarks>
internal static class Utf8NumberFormatter
{
    /// <summary>Enough room for any double in Go's %g form; the longest is 24 bytes (<c>-0.00012345678901234567</c>, <c>-1.2345678901234567e-308</c>) plus OpenMetrics' <c>.0</c>.</summary>
    public const int MaxDoubleLength = 32;

    /// <summary>Enough room for any <see cref="long"/>.</summary>
    public const int MaxLongLength = 20;

    private const ulong MantissaMask = (1UL << 52) - 1;

    /// <summary>Writes a long in decimal.</summary>
    public static int FormatLong(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    /// <summary>Writes a double in Go's shortest %g form.</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">At least <see cref="MaxDoubleLength"/> bytes.</param>
    /// <param name="openMetrics">Append <c>.0</c> to a number with neither point nor exponent, as OpenMetrics' canonical form wants.</param>
    /// <returns>The number of bytes written.</returns>
    public static int FormatDouble(double value, Span<byte> destination, bool openMetrics = false)
    {
        if (destination.Length < MaxDoubleLength)
        {
            ThrowHelper.ThrowArgumentException_DestinationTooShort(nameof(destination));
        }

        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int ieeeExponent = (int)(bits >> 52) & 0x7FF;
        ulong ieeeMantissa = bits & MantissaMask;
        if (ieeeExponent == 0x7FF)
        {
            ReadOnlySpan<byte> text = ieeeMantissa != 0 ? "NaN"u8 : (long)bits > 0 ? "+Inf"u8 : "-Inf"u8;
            text.CopyTo(destination);
            return text.Length;
        }

        int written = 0;
        if ((long)bits < 0)
        {
            destination[written++] = (byte)'-';
        }

        ulong digits;
        int exponent;
        if (ieeeExponent == 0 && ieeeMantissa == 0)
        {
            digits = 0;
            exponent = 0;
        }
        else if (Math.Abs(value) < 1e6 && value == Math.Floor(value))
        {
            // Whole numbers below 1e6 print as themselves in %g: skip the digit search.
            digits = (ulong)Math.Abs(value);
            exponent = 0;
        }
        else
        {
            digits = ShortestDigits.Compute(ieeeMantissa, ieeeExponent, out exponent);
        }

        return written + Layout(digits, exponent, destination[written..], openMetrics);
    }

    // Lays out digits x 10^exponent as Go's %g with shortest precision (strconv/ftoa.go, fmtE and fmtF).
    private static int Layout(ulong digits, int exponent, Span<byte> destination, bool openMetrics)
    {
        int count = DigitCount(digits);

        // The position of the decimal point relative to the digit string: value = 0.d1d2... x 10^point.
        int point = count + exponent;
        int scientific = point - 1;
        if (scientific < -4 || scientific >= 6)
        {
            // d[.ddd]e±XX
            int written = 0;
            WriteDigits(digits, count, destination[1..]);
            destination[0] = destination[1];
            if (count > 1)
            {
                destination[1] = (byte)'.';
                written = count + 1;
            }
            else
            {
                written = 1;
            }

            destination[written++] = (byte)'e';
            destination[written++] = scientific < 0 ? (byte)'-' : (byte)'+';
            int magnitude = Math.Abs(scientific);
            if (magnitude >= 100)
            {
                destination[written++] = (byte)('0' + (magnitude / 100));
                magnitude %= 100;
            }

            destination[written++] = (byte)('0' + (magnitude / 10));
            destination[written++] = (byte)('0' + (magnitude % 10));
            return written;
        }

        if (point <= 0)
        {
            // 0.000ddd
            int zeros = -point;
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            destination.Slice(2, zeros).Fill((byte)'0');
            WriteDigits(digits, count, destination[(2 + zeros)..]);
            return 2 + zeros + count;
        }

        if (point >= count)
        {
            // ddd000, whole: OpenMetrics wants a point.
            WriteDigits(digits, count, destination);
            destination[count..point].Fill((byte)'0');
            if (!openMetrics)
            {
                return point;
            }

            destination[point] = (byte)'.';
            destination[point + 1] = (byte)'0';
            return point + 2;
        }

        // ddd.ddd: write the digits one place right, then pull the integer part back over the gap.
        WriteDigits(digits, count, destination[1..]);
        destination.Slice(1, point).CopyTo(destination);
        destination[point] = (byte)'.';
        return count + 1;
    }

    private static void WriteDigits(ulong digits, int count, Span<byte> destination)
    {
        for (int i = count - 1; i > 0; i--)
        {
            ulong quotient = digits / 10;
            destination[i] = (byte)('0' + (digits - (quotient * 10)));
            digits = quotient;
        }

        destination[0] = (byte)('0' + digits);
    }

    private static int DigitCount(ulong value)
    {
        int count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }

        return count;
    }
}
