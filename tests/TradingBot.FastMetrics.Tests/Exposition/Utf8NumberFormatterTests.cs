using System;
using System.Text;
using TradingBot.FastMetrics.Exposition;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Exposition;

public sealed class Utf8NumberFormatterTests
{
    // Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints.
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(-2.0, "-2")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.25, "0.25")]
    [InlineData(100.0, "100")]
    [InlineData(999999.0, "999999")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(2.5e-5, "2.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012, "0.00012")]
    [InlineData(0.00012345678901234567, "0.00012345678901234567")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(123456.5, "123456.5")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(4.1045368012983762e-289, "4.1045368012983762e-289")] // 2^-958: .NET's "R" drops the last digit
    [InlineData(2.9802322387695312e-08, "2.9802322387695312e-08")] // 2^-25
    [InlineData(0.00030000000000000003, "0.00030000000000000003")] // 21 digits after "0.": overflowed the old buffer
    [InlineData(-0.00012345678901234567, "-0.00012345678901234567")]
    [InlineData(-1.2345678901234567e-308, "-1.2345678901234567e-308")]
    [InlineData(9007199254740993.0, "9.007199254740992e+15")]
    [InlineData(9.223372036854776e18, "9.223372036854776e+18")]
    public void FormatDouble_KnownValues_MatchGoShortestG(double value, string expected)
    {
        Assert.Equal(expected, Format(value, openMetrics: false));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e6, "1e+06")]
    [InlineData(2.5e-5, "2.5e-05")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void FormatDouble_OpenMetrics_AddsPointZeroToWholeNumbers(double value, string expected)
    {
        Assert.Equal(expected, Format(value, openMetrics: true));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void FormatLong_KnownValues_Decimal(long value, string expected)
    {
        Span<byte> buffer = stackalloc byte[Utf8NumberFormatter.MaxLongLength];
        int n = Utf8NumberFormatter.FormatLong(value, buffer);
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer[..n]));
    }

    internal static string Format(double value, bool openMetrics)
    {
        Span<byte> buffer = stackalloc byte[Utf8NumberFormatter.MaxDoubleLength];
        int n = Utf8NumberFormatter.FormatDouble(value, buffer, openMetrics);
        return Encoding.UTF8.GetString(buffer[..n]);
    }
}
