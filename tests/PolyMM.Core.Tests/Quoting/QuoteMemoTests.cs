using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;

namespace PolyMM.Core.Tests.Quoting;

/// <summary>The quote memo (docs/design.md#quote-memo) never changes a decision: same intents (bit for bit), reasons and clamps.</summary>
public sealed class QuoteMemoTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Quote_WithOneMemoOverARandomStream_EqualsTheFullComputationEveryTime()
    {
        var random = new SeededRandom(17);
        var p = new QuoteParams { MaxSpreadPct = 0.05m, SkewTicks = 1m, MaxHoldTimeSec = 600m };
        var schedule = new FeeSchedule(0.05m, 1m, 0.25m);
        // A few touches, some equal in value but not in scale (0.5 and 0.50), so the memo is hit, missed and must not
        // confuse the two; ticks that change; positions that come and go; caps and cash that bind now and then; venue
        // minimum order sizes that block a side now and then (none, 5, 7.5 = the middle holding, 15 and 25 shares: a bid
        // at 0.97 is 10.30 shares, at 0.48 20.83).
        decimal[] bids = [0.48m, 0.480m, 0.49m, 0.5m, 0.50m, 0.3m, 0.01m, 0.97m];
        decimal[] ticks = [0.01m, 0.001m, 0.010m];
        decimal[] minimums = [0m, 5m, 7.5m, 15m, 25m];
        var blockedByMinimum = 0;
        var memo = default(QuoteMemo);
        var hits = 0;
        var bid = bids[0];
        var ask = bid + 0.01m;
        var previousKey = string.Empty;
        for (var i = 0; i < 50_000; i++)
        {
            // The touch moves on about one event in three, as on recorded data.
            if (random.NextUInt64() % 3 == 0)
            {
                bid = bids[(int)(random.NextUInt64() % (ulong)bids.Length)];
                ask = bid + (random.NextUInt64() % 4) switch { 0 => 0.01m, 1 => 0.02m, 2 => 0.010m, _ => 0.2m };
            }

            var tick = ticks[(int)(random.NextUInt64() % 8 == 0 ? random.NextUInt64() % 3 : 0)];
            var s = new Snapshot(T0, bid, ask, DecimalMath.Half(bid + ask), 100m, 100m, bid,
                random.NextUInt64() % 50 == 0 ? BookSource.GammaFallback : BookSource.Clob);
            var held = (random.NextUInt64() % 3) switch { 0 => 0m, 1 => 7.5m, _ => 25m };
            var ctx = new QuoteContext(
                held,
                (random.NextUInt64() % 600) * 1m,
                (random.NextUInt64() % 6000) * 1m,
                held > 0m ? T0 : null,
                T0.AddSeconds(random.NextUInt64() % 1200),
                (random.NextUInt64() % 40) * 1m,
                random.NextUInt64() % 10 == 0 ? 25m : 0m,
                random.NextUInt64() % 2 == 0 ? schedule : null,
                minimums[(int)(random.NextUInt64() % (ulong)minimums.Length)]);

            // The memo's inputs, by their bits: equal to the previous call's means the memo was reused.
            var key = string.Join(',', decimal.GetBits(bid)) + '|' + string.Join(',', decimal.GetBits(ask)) + '|'
                + string.Join(',', decimal.GetBits(tick)) + '|' + s.BookSource + '|' + (held > 0m) + '|' + ctx.FeeBps + '|' + (ctx.FeeSchedule is null);
            hits += key == previousKey ? 1 : 0;
            previousKey = key;
            var fresh = Quoter.Quote(s, ctx, p, tick);
            var memoised = Quoter.Quote(s, ctx, p, tick, ref memo);

            Assert.Equal(fresh.PauseReason, memoised.PauseReason);
            Assert.Equal(fresh.BidBlockedReason, memoised.BidBlockedReason);
            Assert.Equal(fresh.AskBlockedReason, memoised.AskBlockedReason);
            Assert.Equal(fresh.ClampedPassive, memoised.ClampedPassive);
            AssertSameIntent(fresh.Bid, memoised.Bid);
            AssertSameIntent(fresh.Ask, memoised.Ask);
            blockedByMinimum += (fresh.BidBlockedReason == QuoteReasons.BelowMinSize ? 1 : 0) + (fresh.AskBlockedReason == QuoteReasons.BelowMinSize ? 1 : 0);
        }

        // The stream exercised the memo, not just the full computation, and the minimum blocked sides along the way.
        Assert.InRange(hits, 1_000, 49_000);
        Assert.InRange(blockedByMinimum, 1_000, 49_000);
    }

    [Fact]
    public void Quote_SameTouchNewMinimum_ReusesTheMemoAndAppliesTheMinimum()
    {
        // Arrange: sample book 0.4975/0.5025 (mid 0.5), flat: bid 0.48 × floor(10 / 0.48) = 20.83 shares. Three calls on one
        // touch, so the memo is reused: minimum 0 (bid), 25 (20.83 < 25: no bid, below_min_size), 20.83 (equal: bid).
        var p = new QuoteParams();
        var memo = default(QuoteMemo);
        var s = new Snapshot(T0, 0.4975m, 0.5025m, 0.5m, 1m, 1m, null);
        var ctx = new QuoteContext(0m, 0m, 0m, null, T0);

        // Act
        var none = Quoter.Quote(s, ctx, p, 0.01m, ref memo);
        var above = Quoter.Quote(s, ctx with { MinOrderSize = 25m }, p, 0.01m, ref memo);
        var equal = Quoter.Quote(s, ctx with { MinOrderSize = 20.83m }, p, 0.01m, ref memo);

        // Assert
        Assert.Equal((0.48m, 20.83m), (none.Bid!.Value.Price, none.Bid!.Value.Shares));
        Assert.Null(above.Bid);
        Assert.Equal(QuoteReasons.BelowMinSize, above.BidBlockedReason);
        Assert.Equal((0.48m, 20.83m), (equal.Bid!.Value.Price, equal.Bid!.Value.Shares));
    }

    [Fact]
    public void Quote_TouchEqualInValueButNotInScale_RecomputesAndKeepsTheScale()
    {
        // Off the grid, so the quote keeps the scale of the book: mid 0.51 → bid 0.51 − 2 × 0.01 = 0.49; the same book
        // written 0.500/0.520 gives mid 0.510 and a bid of 0.490, which a memo matched by value would miss.
        var p = new QuoteParams { RoundToTick = false };
        var memo = default(QuoteMemo);
        var ctx = new QuoteContext(0m, 0m, 0m, null, T0);
        var a = Quoter.Quote(new Snapshot(T0, 0.50m, 0.52m, 0.51m, 1m, 1m, null), ctx, p, 0.01m, ref memo);
        var b = Quoter.Quote(new Snapshot(T0, 0.500m, 0.520m, 0.510m, 1m, 1m, null), ctx, p, 0.01m, ref memo);

        Assert.Equal(decimal.GetBits(Quoter.Quote(new Snapshot(T0, 0.50m, 0.52m, 0.51m, 1m, 1m, null), ctx, p, 0.01m).Bid!.Value.Price),
            decimal.GetBits(a.Bid!.Value.Price));
        Assert.Equal(decimal.GetBits(Quoter.Quote(new Snapshot(T0, 0.500m, 0.520m, 0.510m, 1m, 1m, null), ctx, p, 0.01m).Bid!.Value.Price),
            decimal.GetBits(b.Bid!.Value.Price));
        Assert.Equal(decimal.GetBits(0.490m), decimal.GetBits(b.Bid!.Value.Price));
    }

    private static void AssertSameIntent(QuoteIntent? expected, QuoteIntent? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e && actual is { } a)
        {
            Assert.Equal(decimal.GetBits(e.Price), decimal.GetBits(a.Price));
            Assert.Equal(decimal.GetBits(e.Shares), decimal.GetBits(a.Shares));
        }
    }
}
