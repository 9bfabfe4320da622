using PolyMM.Core.Economics;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Economics;

public sealed class RewardScoringTests
{
    // The venue's worked example: max spread v = 3 cents, c = 3, min size 50 (every order is larger).
    private static readonly RewardTerms Terms = new(MaxSpread: 0.03m, MinSize: 50m, DailyRate: 100m);

    // Q_one side (bids on YES, asks on NO): YES bids 100 @0.49 (s = 1c) and 200 @0.48 (s = 2c), a NO ask 100 @0.51
    // (NO midpoint 1 − 0.50 = 0.50, s = 1c).
    private static readonly RewardOrder[] OneSide =
    [
        new(Outcome.Yes, Side.Buy, 0.49m, 100m),
        new(Outcome.Yes, Side.Buy, 0.48m, 200m),
        new(Outcome.No, Side.Sell, 0.51m, 100m),
    ];

    // Q_two side (asks on YES, bids on NO): a YES ask 100 @0.515 (s = 1.5c), a NO bid 100 @0.48 (s = 2c), a YES ask
    // 200 @0.505 (s = 0.5c).
    private static readonly RewardOrder[] TwoSide =
    [
        new(Outcome.Yes, Side.Sell, 0.515m, 100m),
        new(Outcome.No, Side.Buy, 0.48m, 100m),
        new(Outcome.Yes, Side.Sell, 0.505m, 200m),
    ];

    private static readonly RewardOrder[] WorkedExample = [.. OneSide, .. TwoSide];

    // Other makers' YES book around the example: the best bid 0.495 and the best ask 0.505 (ours) put the adjusted
    // midpoint at 0.50; the 10-share bid at 0.498 is below the min size and ignored; 0.45 and 0.56 are beyond 3c.
    private static readonly PriceLevel[] BookBids = [new(0.45m, 2000m), new(0.495m, 480m), new(0.498m, 10m)];
    private static readonly PriceLevel[] BookAsks = [new(0.56m, 2000m), new(0.51m, 750m)];

    [Fact]
    public void Score_VenueWorkedExample_ReproducesQOneQTwoAndQMin()
    {
        var q = RewardScoring.Score(WorkedExample, 0.50m, Terms);

        // Q_one = (2/3)²·100 + (1/3)²·200 + (2/3)²·100 = 44.444… + 22.222… + 44.444… = 111.111…
        //   raw (before ÷ v² = 0.0009): 0.02²·100 + 0.01²·200 + 0.02²·100 = 0.04 + 0.02 + 0.04 = 0.1
        Assert.Equal(0.1m, q.RawOne);
        Assert.Equal(111.111111m, Math.Round(q.QOne, 6));
        // Q_two = (1.5/3)²·100 + (1/3)²·100 + (2.5/3)²·200 = 25 + 11.111… + 138.888… = 175
        //   raw: 0.015²·100 + 0.01²·100 + 0.025²·200 = 0.0225 + 0.01 + 0.125 = 0.1575; 0.1575 / 0.0009 = 175
        Assert.Equal(0.1575m, q.RawTwo);
        Assert.Equal(175m, q.QTwo);
        // Q_min (mid 0.50 in [0.10, 0.90]) = max(min(111.11, 175), max(111.11/3, 175/3)) = max(111.11, 58.33) = 111.11
        Assert.Equal(0.1m, q.RawMin);
        Assert.Equal(111.111111m, Math.Round(q.QMin, 6));
        Assert.Equal(6, q.Eligible);
    }

    [Fact]
    public void Score_SingleSidedInsideRange_ScoresOneThirdOfItsSide()
    {
        var q = RewardScoring.Score(OneSide, 0.50m, Terms);

        // Q_two = 0: Q_min = max(min(111.11, 0), max(111.11/3, 0)) = 111.11 / 3 = 37.037037…
        Assert.Equal(0m, q.QTwo);
        Assert.Equal(37.037037m, Math.Round(q.QMin, 6));
    }

    [Theory]
    [InlineData("0.10", "37.037037")] // the range is closed: 0.10 still lets a one-sided maker score 1/c
    [InlineData("0.90", "37.037037")]
    [InlineData("0.0999", "0")] // below 0.10: Q_min = min(Q_one, Q_two) = min(…, 0) = 0
    [InlineData("0.9001", "0")]
    public void Combine_SingleSidedAtAndBeyondTheMidpointRange_OneThirdInsideZeroOutside(string mid, string expected)
    {
        // Q_one = 111.111… (the example's), Q_two = 0.
        var qmin = RewardScoring.Combine(0.1m / 0.0009m, 0m, decimal.Parse(mid, System.Globalization.CultureInfo.InvariantCulture), 3m);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Math.Round(qmin, 6));
    }

    [Fact]
    public void Score_TwoSidedOutsideRange_TakesTheSmallerSide()
    {
        // Mid 0.95: YES bid 100 @0.94 (s = 1c, raw 0.02²·100 = 0.04), YES ask 300 @0.97 (s = 2c, raw 0.01²·300 = 0.03).
        RewardOrder[] orders = [new(Outcome.Yes, Side.Buy, 0.94m, 100m), new(Outcome.Yes, Side.Sell, 0.97m, 300m)];

        var q = RewardScoring.Score(orders, 0.95m, Terms);

        // Q_min = min(0.04, 0.03) (raw) → 0.03 / 0.0009 = 33.333…; the bid alone would score 0 here (two-sided only).
        Assert.Equal(0.03m, q.RawMin);
        Assert.Equal(0m, RewardScoring.Score(orders.AsSpan(0, 1), 0.95m, Terms).RawMin);
    }

    [Fact]
    public void ScoreOrder_BeyondMaxSpreadOrBelowMinSize_IsNotEligibleAndNamesWhy()
    {
        var far = RewardScoring.ScoreOrder(new(Outcome.Yes, Side.Buy, 0.465m, 100m), 0.50m, Terms); // s = 3.5c > 3c
        var edge = RewardScoring.ScoreOrder(new(Outcome.Yes, Side.Buy, 0.47m, 100m), 0.50m, Terms); // s = 3c: in, scores 0
        var small = RewardScoring.ScoreOrder(new(Outcome.Yes, Side.Buy, 0.49m, 49.99m), 0.50m, Terms);

        Assert.False(far.Eligible);
        Assert.Contains("beyond the max spread", far.Reason, StringComparison.Ordinal);
        Assert.True(edge.Eligible);
        Assert.Equal(0m, edge.Score);
        Assert.False(small.Eligible);
        Assert.Contains("below the minimum 50", small.Reason, StringComparison.Ordinal);
        Assert.Equal(0, RewardScoring.Score([new(Outcome.Yes, Side.Buy, 0.465m, 100m), new(Outcome.Yes, Side.Buy, 0.49m, 49.99m)], 0.50m, Terms).Eligible);
    }

    [Fact]
    public void ScoreOrder_NoBid_CountsInQTwoAtItsDistanceFromTheNoMidpoint()
    {
        // YES mid 0.60 → NO mid 0.40; a NO bid @0.38 is 2c away (it rests as a YES ask @0.62): ((3 − 2)/3)²·90 = 10.
        var s = RewardScoring.ScoreOrder(new(Outcome.No, Side.Buy, 0.38m, 90m), 0.60m, Terms);

        Assert.Equal(2, s.Sum);
        Assert.Equal(0.02m, s.Spread);
        Assert.Equal(10m, s.Score);
    }

    [Fact]
    public void AdjustedMidpoint_LevelsBelowMinSize_AreIgnored()
    {
        // Without the cutoff the best bid would be 0.498 and the mid (0.498 + 0.51) / 2 = 0.504.
        Assert.Equal(0.5025m, RewardScoring.AdjustedMidpoint(BookBids, BookAsks, 50m));
        Assert.Equal(0.504m, RewardScoring.AdjustedMidpoint(BookBids, BookAsks, 0m));
        Assert.Null(RewardScoring.AdjustedMidpoint(BookBids, BookAsks, 5000m));
    }

    [Fact]
    public void Estimate_WorkedExampleAgainstABook_GivesShareAndDailyReward()
    {
        var e = RewardScoring.Estimate(BookBids, BookAsks, WorkedExample, Terms, oursInBook: false);

        // Merged book: best bid 0.495 (theirs), best ask 0.505 (ours, 200 ≥ 50) → midpoint 0.50.
        Assert.Null(e.NoEstimateReason);
        Assert.Equal(0.50m, e.Midpoint);
        // Theirs as one maker: bid 0.495 (s = 0.5c) 0.025²·480 = 0.3; ask 0.51 (s = 1c) 0.02²·750 = 0.3;
        // 0.498×10 is below the min size, 0.45 and 0.56 beyond 3c → raw Q_min = max(min(0.3, 0.3), 0.1) = 0.3.
        Assert.Equal(0.3m, e.Others.RawMin);
        // Share = ours / (ours + theirs) = 0.1 / (0.1 + 0.3) = 0.25; daily 0.25 × $100 = $25; per sample 25 / 1440.
        Assert.Equal(0.25m, e.Share);
        Assert.Equal(25m, e.DailyUsd);
        Assert.Equal(0.017361m, Math.Round(e.SampleUsd!.Value, 6));
    }

    [Fact]
    public void Estimate_BookAlreadyShowingOurQuotes_TakesThemOutAndGivesTheSameShare()
    {
        // The live book: theirs plus ours at every price (on the YES book: NO ask 0.51 → bid 0.49, NO bid 0.48 → ask 0.52).
        PriceLevel[] bids = [new(0.45m, 2000m), new(0.48m, 200m), new(0.49m, 200m), new(0.495m, 480m), new(0.498m, 10m)];
        PriceLevel[] asks = [new(0.505m, 200m), new(0.51m, 750m), new(0.515m, 100m), new(0.52m, 100m), new(0.56m, 2000m)];

        var e = RewardScoring.Estimate(bids, asks, WorkedExample, Terms, oursInBook: true);

        Assert.Equal(0.50m, e.Midpoint);
        Assert.Equal(0.3m, e.Others.RawMin);
        Assert.Equal(0.25m, e.Share);
    }

    [Theory]
    [InlineData("0", "50", "100", "max spread must be > 0")]
    [InlineData("-0.01", "50", "100", "max spread must be > 0")]
    [InlineData("0.03", "-1", "100", "min size must be >= 0")]
    [InlineData("0.03", "50", "-5", "daily rate must be >= 0")]
    public void Estimate_NegativeOrZeroTerms_IsNoEstimateWithAReason(string spread, string minSize, string daily, string fragment)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var terms = new RewardTerms(decimal.Parse(spread, ci), decimal.Parse(minSize, ci), decimal.Parse(daily, ci));

        var e = RewardScoring.Estimate(BookBids, BookAsks, WorkedExample, terms, oursInBook: false);

        Assert.Contains(fragment, e.NoEstimateReason, StringComparison.Ordinal);
        Assert.Null(e.Share);
        Assert.Null(e.DailyUsd);
    }

    [Fact]
    public void Estimate_NoTermsOrNoMidpoint_IsNoEstimateNotZero()
    {
        var none = RewardScoring.Estimate(BookBids, BookAsks, WorkedExample, null, oursInBook: false);
        var oneSided = RewardScoring.Estimate(BookBids, [], OneSide, Terms, oursInBook: false);

        Assert.Equal("no reward terms for this market", none.NoEstimateReason);
        Assert.Null(none.DailyUsd);
        Assert.StartsWith("no midpoint", oneSided.NoEstimateReason, StringComparison.Ordinal);
        Assert.Null(oneSided.DailyUsd);
    }
}
