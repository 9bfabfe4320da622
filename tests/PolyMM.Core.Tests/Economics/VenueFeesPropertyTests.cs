using FsCheck;
using FsCheck.Fluent;
using PolyMM.Core.Economics;
using PolyMM.Core.Instruments;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Economics;

public sealed class VenueFeesPropertyTests
{
    private sealed record Case(FeeSchedule Schedule, decimal Price, decimal Shares, decimal MoreShares);

    private static readonly Gen<Case> Cases =
        from rate in Gen.Elements(0m, 0.003m, 0.04m, 0.05m, 0.07m, 0.25m)
        from exponent in Gen.Elements(0m, 1m, 2m, 3m, 1.5m)
        from rebate in Gen.Elements(0m, 0.15m, 0.2m, 0.25m, 1m)
        from priceMilli in Gen.Choose(1, 999)
        from centiShares in Gen.Choose(0, 10_000_000)
        from extra in Gen.Choose(0, 1_000_000)
        select new Case(new FeeSchedule(rate, exponent, rebate), priceMilli / 1000m, centiShares / 100m, (centiShares + extra) / 100m);

    [Fact]
    public void TakerFee_AnyFill_IsMonotoneInSharesBoundedByTheMidPriceFeeAndCoversTheRebate()
    {
        PathCoverage.Check(500, Prop.ForAll(Arb.From(Cases), c =>
        {
            var fee = VenueFees.TakerFee(c.Schedule, c.Shares, c.Price);
            var more = VenueFees.TakerFee(c.Schedule, c.MoreShares, c.Price);
            var rebate = VenueFees.MakerRebate(c.Schedule, c.Shares, c.Price);
            // p(1 − p) ≤ 0.25, so the fee is at most shares × rate × 0.25^exponent (computed as the price 0.5 would).
            var bound = c.Shares * c.Schedule.Rate * (decimal)Math.Pow(0.25, (double)c.Schedule.Exponent);

            Assert.True(fee >= 0m && fee <= more, $"fee {fee} for {c.Shares}, {more} for {c.MoreShares}");
            Assert.True(fee <= bound, $"fee {fee} above {bound}");
            Assert.True(fee == Math.Round(fee, 5), $"fee {fee} has more than 5 decimals");
            Assert.True(rebate >= 0m && rebate <= fee, $"rebate {rebate} above fee {fee}");
            Assert.Equal(0m, VenueFees.Quote(c.Schedule, c.Shares, c.Price).MakerFee);
        }));
    }
}
