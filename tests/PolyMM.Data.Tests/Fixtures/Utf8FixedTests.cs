using System.Globalization;
using System.Text;
using System.Text.Json;
using PolyMM.Core.Random;
using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Tests.Fixtures;

public sealed class Utf8FixedTests
{
    [Theory]
    [InlineData("0.5665")]
    [InlineData("0.5670")]
    [InlineData("2153")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("1.000000")]
    [InlineData("7.10")]
    [InlineData("999999999999999999")]
    [InlineData("0.00000000000000001")]
    public void TryParseDecimal_PlainNumber_SameValueAndScaleAsUtf8JsonReader(string text)
    {
        Assert.True(Utf8Fixed.TryParseDecimal(Encoding.UTF8.GetBytes(text), out var fast));

        Assert.Equal(decimal.GetBits(Reference(text)), decimal.GetBits(fast));
    }

    [Theory]
    [InlineData("-0.5")]
    [InlineData("1e-3")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1.2.3")]
    [InlineData("9999999999999999999")]
    [InlineData("")]
    public void TryParseDecimal_OtherShapes_LeftToTheGeneralParser(string text) =>
        Assert.False(Utf8Fixed.TryParseDecimal(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void TryParseDecimal_RandomPrices_SameBitsAsUtf8JsonReader()
    {
        var random = new SeededRandom(1);
        for (var i = 0; i < 20_000; i++)
        {
            var digits = (int)(random.NextUInt64() % 7);
            var text = ((random.NextUInt64() % 100_000_000) / Math.Pow(10, digits)).ToString("0.#######", CultureInfo.InvariantCulture);
            if (random.NextUInt64() % 4 == 0 && text.Contains('.', StringComparison.Ordinal))
            {
                text += "0";
            }

            Assert.True(Utf8Fixed.TryParseDecimal(Encoding.UTF8.GetBytes(text), out var fast), text);
            Assert.Equal(decimal.GetBits(Reference(text)), decimal.GetBits(fast));
        }
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z")]
    [InlineData("2026-02-06T02:09:28Z")]
    [InlineData("2024-02-29T23:59:59Z")]
    public void TryParseUtcSeconds_WholeSecondUtc_SameAsDateTimeOffsetTryParse(string text)
    {
        Assert.True(Utf8Fixed.TryParseUtcSeconds(Encoding.UTF8.GetBytes(text), out var fast));

        Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var slow));
        Assert.Equal(slow, fast);
        Assert.Equal(slow.Offset, fast.Offset);
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00.5Z")]
    [InlineData("2026-01-01T00:00:00+01:00")]
    [InlineData("2025-02-29T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-01-01 00:00:00Z")]
    public void TryParseUtcSeconds_OtherShapes_LeftToTheGeneralParser(string text) =>
        Assert.False(Utf8Fixed.TryParseUtcSeconds(Encoding.UTF8.GetBytes(text), out _));

    private static decimal Reference(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        reader.Read();
        return reader.GetDecimal();
    }
}
