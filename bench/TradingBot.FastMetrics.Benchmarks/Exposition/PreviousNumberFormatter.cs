using System;
using System.Buffers.Text;
using System.Globalization;

namespace TradingBot.FastMetrics.Benchmarks.Exposition;

/// <summary>The double formatter as it was before issue 7 (digits from .NET's "R", a 20-byte digit buffer), kept only as a benchmark baseline.</summary>
/// <remarks>It throws on 17-digit values in [1e-4, 1e-3) and prints some values .NET rounds wrongly; the benchmark feeds it only values it survives.</remarks>
internal static class PreviousNumberFormatter
{
    private const int MaxDoubleLength = 32;

    public static int FormatDouble(double value, Span<byte> destination, bool openMetrics = false)
    {
        if (!double.IsFinite(value))
        {
            ReadOnlySpan<byte> text = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
            text.CopyTo(destination);
            return text.Length;
        }

        // Whole numbers below 1e6 print as integers in %g: skip the digit extraction.
        if (value == Math.Floor(value) && Math.Abs(value) < 1e6 && !(value == 0 && double.IsNegative(value)))
        {
            int n = Utf8FormatLong((long)value, destination);
            return openMetrics ? AppendPointZero(destination, n) : n;
        }

        // .NET's default double format is the shortest round-trip one; take its digits and exponent
        // and lay them out as Go does.
        Span<byte> raw = stackalloc byte[MaxDoubleLength];
        value.TryFormat(raw, out int rawLength, "R", CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[20];
        int digitCount = 0;
        int pointPosition = -1;
        int exponent = 0;
        bool negative = false;
        int i = 0;
        if (raw[0] == '-')
        {
            negative = true;
            i = 1;
        }

        int integerDigits = 0;
        for (; i < rawLength; i++)
        {
            byte c = raw[i];
            if (c == '.')
            {
                pointPosition = integerDigits;
            }
            else if (c is (byte)'E' or (byte)'e')
            {
                // "R" always writes a valid exponent after the E.
                _ = Utf8Parser.TryParse(raw[(i + 1)..rawLength], out exponent, out _);
                break;
            }
            else
            {
                digits[digitCount++] = c;
                if (pointPosition < 0)
                {
                    integerDigits++;
                }
            }
        }

        // Decimal point position relative to the digit string: value = 0.d1d2... x 10^dp.
        int dp = integerDigits + exponent;
        int start = 0;
        while (start < digitCount - 1 && digits[start] == '0')
        {
            start++;
            dp--;
        }

        int end = digitCount;
        while (end > start + 1 && digits[end - 1] == '0')
        {
            end--;
        }

        ReadOnlySpan<byte> d = digits[start..end];
        int written = 0;
        if (negative)
        {
            destination[written++] = (byte)'-';
        }

        if (d.Length == 1 && d[0] == '0')
        {
            destination[written++] = (byte)'0';
            return openMetrics ? AppendPointZero(destination, written) : written;
        }

        int exp10 = dp - 1;
        if (exp10 < -4 || exp10 >= 6)
        {
            destination[written++] = d[0];
            if (d.Length > 1)
            {
                destination[written++] = (byte)'.';
                d[1..].CopyTo(destination[written..]);
                written += d.Length - 1;
            }

            destination[written++] = (byte)'e';
            destination[written++] = exp10 < 0 ? (byte)'-' : (byte)'+';
            int magnitude = Math.Abs(exp10);
            if (magnitude < 10)
            {
                destination[written++] = (byte)'0';
            }

            written += Utf8FormatLong(magnitude, destination[written..]);
            return written;
        }

        if (dp <= 0)
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            for (int z = 0; z < -dp; z++)
            {
                destination[written++] = (byte)'0';
            }

            d.CopyTo(destination[written..]);
            return written + d.Length;
        }

        for (int k = 0; k < Math.Max(dp, d.Length); k++)
        {
            if (k == dp)
            {
                destination[written++] = (byte)'.';
            }

            destination[written++] = k < d.Length ? d[k] : (byte)'0';
        }

        return openMetrics && dp >= d.Length ? AppendPointZero(destination, written) : written;
    }

    private static int Utf8FormatLong(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    private static int AppendPointZero(Span<byte> destination, int written)
    {
        destination[written] = (byte)'.';
        destination[written + 1] = (byte)'0';
        return written + 2;
    }
}
