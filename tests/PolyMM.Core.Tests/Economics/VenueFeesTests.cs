using System.Globalization;
using PolyMM.Core.Economics;
using PolyMM.Core.Instruments;

namespace PolyMM.Core.Tests.Economics;

public sealed class VenueFeesTests
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    // Real V2 OrderFilled taker legs (amounts in 1e-6 units as emitted on chain). Shares: BUY = taker amount, SELL =
    // maker amount. Each fee worked by hand, floored to 5 decimals:
    //   BUY  7.575758 × 0.05 × 0.66 × 0.34  = 0.3787879 × 0.2244   = 0.0850000047… → 0.08500
    //   BUY  7.042251 × 0.05 × 0.71 × 0.29  = 0.35211255 × 0.2059  = 0.0724999740… → 0.07249 (half-up would say 0.07250)
    //   BUY  1.219511 × 0.07 × 0.82 × 0.18  = 0.08536577 × 0.1476  = 0.0125999876… → 0.01259
    //   BUY  5.952381 × 0    × …             = 0                                    → 0
    //   SELL 7.57     × 0.05 × 0.65 × 0.35  = 0.3785 × 0.2275      = 0.08610875    → 0.08610
    //   SELL 5.00     × 0.05 × 0.31 × 0.69  = 0.25 × 0.2139        = 0.053475      → 0.05347
    //   BUY  5.149310 × 0.07 × 0.971 × 0.029 = 0.3604517 × 0.028159 = 0.0101499594… → 0.01014
    //   SELL 5.14     × 0.07 × 0.965 × 0.035 = 0.3598 × 0.033775    = 0.012152245   → 0.01215
    [Theory]
    [InlineData("BUY", 5000000, 7575758, 85000, "0.66", "0.05")]
    [InlineData("BUY", 4999998, 7042251, 72490, "0.71", "0.05")]
    [InlineData("BUY", 999999, 1219511, 12590, "0.82", "0.07")]
    [InlineData("BUY", 5000000, 5952381, 0, "0.84", "0")]
    [InlineData("SELL", 7570000, 4920500, 86100, "0.65", "0.05")]
    [InlineData("SELL", 5000000, 1550000, 53470, "0.31", "0.05")]
    [InlineData("BUY", 4999980, 5149310, 10140, "0.971", "0.07")]
    [InlineData("SELL", 5140000, 4960100, 12150, "0.965", "0.07")]
    public void TakerFee_RealOnChainFill_ReproducesTheChargedFeeExactly(string side, long makerAmount, long takerAmount, long feeMicro, string price, string rate)
    {
        var shares = (side == "BUY" ? takerAmount : makerAmount) / 1_000_000m;
        var schedule = new FeeSchedule(D(rate), 1m, 0.25m);

        var fee = VenueFees.TakerFee(schedule, shares, D(price));

        Assert.Equal(feeMicro / 1_000_000m, fee);
    }

    [Theory]
    // Exponent 2, rate 0.25: 100 × 0.25 × (0.5 × 0.5)² = 25 × 0.0625 = 1.5625; @0.3: 25 × 0.21² = 25 × 0.0441 = 1.1025;
    // @0.1: 25 × 0.09² = 25 × 0.0081 = 0.2025.
    [InlineData("0.5", "1.5625")]
    [InlineData("0.3", "1.1025")]
    [InlineData("0.1", "0.2025")]
    public void TakerFee_ExponentTwoSchedule_MatchesTheSdkExamples(string price, string expected)
    {
        var fee = VenueFees.TakerFee(new FeeSchedule(0.25m, 2m, 0m), 100m, D(price));

        Assert.Equal(D(expected), fee);
    }

    [Fact]
    public void Quote_DocExampleCrypto_TakerPays175MakerPaysNothingAndEarns35Cents()
    {
        // 100 × 0.07 × 0.5 × 0.5 = 1.75; the maker's rebate is 20 % of it: 0.2 × 1.75 = 0.35.
        var q = VenueFees.Quote(new FeeSchedule(0.07m, 1m, 0.20m), 100m, 0.50m);

        Assert.Null(q.NoEstimateReason);
        Assert.Equal(1.75m, q.TakerFee);
        Assert.Equal(0m, q.MakerFee);
        Assert.Equal(0.35m, q.MakerRebate);
    }

    [Fact]
    public void MakerRebate_OfAFlooredFee_IsFlooredToMicroUsd()
    {
        // Taker fee 0.07249 (the second real fill); rebate 0.25 × 0.07249 = 0.0181225 → 0.018122 (floored to 6 decimals).
        var rebate = VenueFees.MakerRebate(new FeeSchedule(0.05m, 1m, 0.25m), 7.042251m, 0.71m);

        Assert.Equal(0.018122m, rebate);
    }

    [Fact]
    public void TakerFee_NonIntegerExponent_GoesThroughDoubleAndFloors()
    {
        // 100 × 0.1 × (0.25)^1.5 = 10 × 0.125 = 1.25 (0.25^1.5 is exact in binary, so the double path is exact here).
        var fee = VenueFees.TakerFee(new FeeSchedule(0.1m, 1.5m, 0m), 100m, 0.5m);

        Assert.Equal(1.25m, fee);
    }

    [Theory]
    [InlineData("-0.01", "1", "0.2", "fee rate must be >= 0")]
    [InlineData("0.05", "-1", "0.2", "fee exponent must be >= 0")]
    [InlineData("0.05", "1", "-0.1", "rebate rate must be in [0, 1]")]
    [InlineData("0.05", "1", "1.5", "rebate rate must be in [0, 1]")]
    public void Quote_NegativeTerms_IsNoEstimateWithAReason(string rate, string exponent, string rebate, string fragment)
    {
        var q = VenueFees.Quote(new FeeSchedule(D(rate), D(exponent), D(rebate)), 100m, 0.5m);

        Assert.Contains(fragment, q.NoEstimateReason, StringComparison.Ordinal);
        Assert.Null(q.TakerFee);
        Assert.Null(q.MakerRebate);
    }

    [Theory]
    [InlineData("0", "price must be in (0, 1)")]
    [InlineData("1", "price must be in (0, 1)")]
    public void Quote_PriceAtTheBounds_IsNoEstimate(string price, string fragment)
    {
        var q = VenueFees.Quote(new FeeSchedule(0.05m, 1m, 0.2m), 10m, D(price));

        Assert.Contains(fragment, q.NoEstimateReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_NoSchedule_IsNoEstimateNotZero()
    {
        var q = VenueFees.Quote(null, 10m, 0.5m);

        Assert.Equal("no fee schedule for this market", q.NoEstimateReason);
        Assert.Null(q.TakerFee);
        Assert.Throws<ArgumentOutOfRangeException>(() => VenueFees.TakerFee(new FeeSchedule(-1m, 1m, 0m), 10m, 0.5m));
    }
}
