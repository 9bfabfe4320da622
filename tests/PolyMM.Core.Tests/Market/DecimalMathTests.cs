using PolyMM.Core.Market;
using PolyMM.Core.Random;

namespace PolyMM.Core.Tests.Market;

public sealed class DecimalMathTests
{
    [Theory]
    [InlineData("4.00")] // even coefficient 400 → 200, scale 2: 2.00
    [InlineData("1.01")] // odd 101 → 505, scale 3: 0.505
    [InlineData("0.5")]
    [InlineData("0.9995")]
    [InlineData("-0.37")]
    [InlineData("0")]
    [InlineData("0.000")]
    [InlineData("79228162514264337593543950335")] // largest decimal, odd: 5n overflows, the division is taken
    [InlineData("0.0000000000000000000000000001")] // scale 28, odd: the division rounds
    public void Half_Value_SameBitsAsDivisionByTwo(string text)
    {
        var x = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(decimal.GetBits(x / 2m), decimal.GetBits(DecimalMath.Half(x)));
    }

    [Fact]
    public void Half_RandomCoefficientsAndScales_SameBitsAsDivisionByTwo()
    {
        var random = new SeededRandom(3);
        for (var i = 0; i < 200_000; i++)
        {
            var width = (int)(random.NextUInt64() % 97);
            var lo = width >= 32 ? (int)random.NextUInt64() : (int)(random.NextUInt64() & ((1UL << width) - 1));
            var mid = width > 32 ? (int)(random.NextUInt64() & (width >= 64 ? uint.MaxValue : (1UL << (width - 32)) - 1)) : 0;
            var hi = width > 64 ? (int)(random.NextUInt64() & (width >= 96 ? uint.MaxValue : (1UL << (width - 64)) - 1)) : 0;
            var x = new decimal(lo, mid, hi, random.NextUInt64() % 4 == 0, (byte)(random.NextUInt64() % 29));

            Assert.Equal(decimal.GetBits(x / 2m), decimal.GetBits(DecimalMath.Half(x)));
        }
    }

    [Fact]
    public void TryWholeQuotient_PricesTicksAndSizes_SameBitsAsTheDecimalFloorAndCeiling()
    {
        var random = new SeededRandom(5);
        decimal[] ticks = [0.01m, 0.001m, 0.0001m, 0.1m, 0.005m, 0.010m];
        for (var i = 0; i < 200_000; i++)
        {
            // A price or quote level with 1-8 decimals in (0, 1.2), an amount of dollars with 0-6 decimals.
            var price = new decimal((int)(random.NextUInt64() % 120_000_000), 0, 0, false, 8) + 0.00000001m;
            price = Math.Round(price, (int)(random.NextUInt64() % 8) + 1);
            var usd = Math.Round(new decimal((int)(random.NextUInt64() % 100_000_000), 0, 0, false, 4), (int)(random.NextUInt64() % 5));
            var tick = ticks[(int)(random.NextUInt64() % (ulong)ticks.Length)];
            if (price <= 0m)
            {
                continue;
            }

            Assert.True(DecimalMath.TryWholeQuotient(price, tick, 0, ceiling: false, out var down));
            Assert.Equal(decimal.GetBits(Math.Floor(price / tick) * tick), decimal.GetBits(down * tick));
            Assert.True(DecimalMath.TryWholeQuotient(price, tick, 0, ceiling: true, out var up));
            Assert.Equal(decimal.GetBits(Math.Ceiling(price / tick) * tick), decimal.GetBits(up * tick));
            Assert.Equal(decimal.GetBits(Math.Floor(usd / price / 0.01m) * 0.01m), decimal.GetBits(PolyMM.Core.Quoting.Quoter.SharesFor(usd, price)));
        }
    }

    [Theory]
    [InlineData("-0.5", "0.01")] // negative: not handled
    [InlineData("0.5", "0")] // zero divisor
    [InlineData("123456789012345678901", "0.01")] // scaled numerator beyond 10^20
    public void TryWholeQuotient_OutsideItsBounds_False(string num, string den)
    {
        var n = decimal.Parse(num, System.Globalization.CultureInfo.InvariantCulture);
        var d = decimal.Parse(den, System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(DecimalMath.TryWholeQuotient(n, d, 0, ceiling: false, out _));
    }

    [Fact]
    public void RatioExceeds_RandomSpreadsMidsAndLimits_SameAnswerAsTheDivision()
    {
        var random = new SeededRandom(9);
        for (var i = 0; i < 200_000; i++)
        {
            // Spreads, mids and limits with 0-7 decimals (7 takes the division path); a third of the cases sit exactly on the
            // limit (num = limit × den), where only an exact answer is right.
            var den = Math.Round(new decimal((int)(random.NextUInt64() % 1_000_000_000), 0, 0, false, 9) + 0.000001m, (int)(random.NextUInt64() % 8));
            var limit = Math.Round(new decimal((int)(random.NextUInt64() % 2_000_000), 0, 0, false, 6), (int)(random.NextUInt64() % 8));
            var num = random.NextUInt64() % 3 == 0
                ? limit * den
                : Math.Round(new decimal((int)(random.NextUInt64() % 1_000_000_000), 0, 0, false, 9), (int)(random.NextUInt64() % 8));
            if (den <= 0m)
            {
                continue;
            }

            Assert.Equal(num / den > limit, DecimalMath.RatioExceeds(num, den, limit));
        }
    }

    [Theory]
    [InlineData("0.010", "0.2", "0.05", false)] // 0.01 / 0.2 = 0.05 exactly: not above the limit
    [InlineData("0.011", "0.2", "0.05", true)] // 0.055
    [InlineData("0.009999", "0.2", "0.05", false)] // 0.049995
    [InlineData("0.0100001", "0.2", "0.05", true)] // 7 places: the division decides (0.0500005)
    [InlineData("4294967295", "0.000001", "0.05", true)] // the largest coefficients the shortcut takes
    public void RatioExceeds_Boundaries_AsTheDivision(string num, string den, string limit, bool expected)
    {
        var n = decimal.Parse(num, System.Globalization.CultureInfo.InvariantCulture);
        var d = decimal.Parse(den, System.Globalization.CultureInfo.InvariantCulture);
        var l = decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(n / d > l, DecimalMath.RatioExceeds(n, d, l));
        Assert.Equal(expected, DecimalMath.RatioExceeds(n, d, l));
    }
}
