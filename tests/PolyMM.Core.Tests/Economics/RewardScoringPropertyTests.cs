using FsCheck;
using FsCheck.Fluent;
using PolyMM.Core.Economics;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;
using Outcome = PolyMM.Core.Market.Outcome;

namespace PolyMM.Core.Tests.Economics;

public sealed class RewardScoringPropertyTests
{
    private sealed record Case(RewardTerms Terms, decimal Mid, RewardOrder[] Orders, RewardOrder Closer);

    // Orders within ±10 cents of the midpoint (most near enough to score), on either token and side.
    private static Gen<RewardOrder> Orders(int midMilli) =>
        from token in Gen.Elements(Outcome.Yes, Outcome.No)
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from offsetMilli in Gen.Choose(-100, 100)
        from size in Gen.Choose(1, 1000)
        let yesPrice = Math.Clamp(midMilli + offsetMilli, 1, 999) / 1000m
        select new RewardOrder(token, side, token == Outcome.Yes ? yesPrice : 1m - yesPrice, size);

    private static readonly Gen<Case> Cases =
        from spreadTenthCents in Gen.Choose(5, 100)
        from minSize in Gen.Elements(0m, 5m, 50m, 200m)
        from midMilli in Gen.Choose(20, 980)
        from count in Gen.Choose(0, 12)
        from orders in Gen.ArrayOf(Orders(midMilli), count)
        from closer in Orders(midMilli)
        select new Case(new RewardTerms(spreadTenthCents / 1000m, minSize, 10m), midMilli / 1000m, orders, closer);

    [Fact]
    public void Score_AnyOrders_QMinBetweenZeroAndTheLargerSideAndNeverMoreThanSize()
    {
        var coverage = new PathCoverage();
        PathCoverage.Check(400, Prop.ForAll(Arb.From(Cases), c =>
        {
            var q = RewardScoring.Score(c.Orders, c.Mid, c.Terms);
            var scores = c.Orders.Select(o => RewardScoring.ScoreOrder(o, c.Mid, c.Terms)).ToArray();
            coverage.Record(("some eligible", q.Eligible > 0), ("two-sided", q.RawOne > 0m && q.RawTwo > 0m), ("edge midpoint", c.Mid is < 0.10m or > 0.90m));

            Assert.InRange(q.RawMin, 0m, Math.Max(q.RawOne, q.RawTwo));
            Assert.Equal(scores.Count(s => s.Eligible), q.Eligible);
            Assert.All(scores, s => Assert.InRange(s.Score, 0m, s.Order.Size));
            // The order-by-order scores add up to the sums (the sums skip the ÷ v² until the end).
            Assert.Equal(Math.Round(scores.Where(s => s.Sum == 1).Sum(s => s.Score), 20), Math.Round(q.QOne, 20));

            // Moving an order closer to the midpoint never lowers its score.
            var price = c.Closer.OnYesBook.Price;
            var nearer = c.Closer with { Price = c.Closer.Token == Outcome.Yes ? (price + c.Mid) / 2m : 1m - ((price + c.Mid) / 2m) };
            if (nearer.Price is > 0m and < 1m)
            {
                Assert.True(RewardScoring.ScoreOrder(nearer, c.Mid, c.Terms).Score >= RewardScoring.ScoreOrder(c.Closer, c.Mid, c.Terms).Score);
            }

            var share = RewardScoring.Share(q, RewardScoring.ScoreLevels([new PriceLevel(c.Mid, 100m)], [], c.Mid, c.Terms));
            Assert.True(share is null || share is >= 0m and <= 1m, $"share {share}");
        }));

        // Measured of 400: some eligible 309, two-sided 188, edge midpoint 72; the minimums are far below.
        coverage.AssertReached(("some eligible", 150), ("two-sided", 80), ("edge midpoint", 25));
    }
}
