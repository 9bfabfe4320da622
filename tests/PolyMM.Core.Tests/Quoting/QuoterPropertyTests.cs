using FsCheck;
using FsCheck.Fluent;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Quoting;

public sealed class QuoterPropertyTests
{
    private sealed record Case(decimal Bid, decimal Ask, decimal Held, QuoteParams Params);

    private static readonly Gen<Case> Cases =
        from bidBps in Gen.Choose(1, 9_900)
        from spreadBps in Gen.Choose(0, 300)
        from held in Gen.Elements(0m, 0.01m, 5m, 1000m)
        from tick in Gen.Elements(0.001m, 0.005m, 0.01m)
        from k in Gen.Choose(0, 4)
        from skew in Gen.Elements(0m, 0.5m, 1m, 3m)
        from round in Gen.Elements(false, true)
        from maxSpread in Gen.Elements(0.01m, 0.1m, 1m)
        let bid = bidBps / 10_000m
        let ask = Math.Min(bid + (spreadBps / 10_000m), 0.9999m)
        where bid <= ask
        select new Case(bid, ask, held, new QuoteParams { TickSize = tick, KTicks = k, SkewTicks = skew, RoundToTick = round, MaxSpreadPct = maxSpread });

    [Fact]
    public void Quote_AnyValidBook_QuotesPassiveInsideUnitIntervalAndOnTickWhenRounding()
    {
        var coverage = new PathCoverage();
        PathCoverage.Check(200, Prop.ForAll(Arb.From(Cases), c =>
        {
            // Arrange
            var s = Snap.Book(0, c.Bid, c.Ask);
            var ctx = new QuoteContext(c.Held, 0m, 0m, null, Snap.T0);

            // Act
            var d = Quoter.Quote(s, ctx, c.Params);
            coverage.Record(("paused", d.PauseReason is not null), ("bid quoted", d.Bid is not null), ("ask quoted", d.Ask is not null));

            // Assert
            if (d.PauseReason is not null)
            {
                Assert.Null(d.Bid);
                Assert.Null(d.Ask);
                return;
            }

            if (d.Bid is { } b)
            {
                Assert.True(b.Price > 0m && b.Price < c.Ask, $"bid {b.Price} vs best ask {c.Ask}");
                Assert.True(b.Shares > 0m && b.Shares % Quoter.ShareStep == 0m);
                Assert.True(!c.Params.RoundToTick || b.Price % c.Params.TickSize == 0m);
            }

            if (d.Ask is { } a)
            {
                Assert.True(a.Price < 1m && a.Price > c.Bid, $"ask {a.Price} vs best bid {c.Bid}");
                Assert.True(a.Shares > 0m && a.Shares <= c.Held);
                Assert.True(!c.Params.RoundToTick || a.Price % c.Params.TickSize == 0m);
            }

            Assert.True(d.Bid is not { } bb || d.Ask is not { } aa || bb.Price < aa.Price);
            Assert.True(c.Held > 0m || d.Ask is null);
        }));

        // The checks above only mean something if the generated books both pause and quote each side.
        // Measured of 200: paused ~77, bid quoted ~123, ask quoted ~83; the minimums are far below.
        coverage.AssertReached(("paused", 30), ("bid quoted", 60), ("ask quoted", 40));
    }
}
