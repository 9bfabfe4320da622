using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Quoting;

public sealed class QuoterTests
{
    private static readonly QuoteParams Defaults = new();

    // Sample book: bid 0.4975, ask 0.5025, mid 0.5, spread 1 %.
    private static readonly Snapshot Book = Snap.Sample1(0);

    private static QuoteContext Flat(decimal openCost = 0m, decimal total = 0m) =>
        new(0m, openCost, total, null, Snap.T0);

    private static QuoteContext Holding(decimal shares, decimal openCost = 0m, decimal total = 0m, DateTimeOffset? opened = null) =>
        new(shares, openCost, total, opened, Snap.T0);

    [Fact]
    public void Quote_DefaultsFlat_BidTwoTicksBelowMidAndNoAsk()
    {
        // Arrange: k = 2, tick 0.01 → bid = 0.5 − 0.02 = 0.48; no shares → no skew, no ask.

        // Act
        var d = Quoter.Quote(Book, Flat(), Defaults);

        // Assert
        Assert.Null(d.PauseReason);
        Assert.Equal(0.48m, d.Bid!.Value.Price);
        Assert.Null(d.Ask);
        Assert.Null(d.AskBlockedReason);
    }

    [Fact]
    public void Quote_KZero_QuotesMidPlusMinusHalfTick()
    {
        // Arrange: k = 0 → base = tick/2 = 0.005; skew 0 so holding shares does not move the quotes; raw prices.
        var p = Defaults with { KTicks = 0, SkewTicks = 0m, RoundToTick = false };

        // Act
        var d = Quoter.Quote(Book, Holding(100m), p);

        // Assert: 0.5 ∓ 0.005
        Assert.Equal(0.495m, d.Bid!.Value.Price);
        Assert.Equal(0.505m, d.Ask!.Value.Price);
    }

    [Fact]
    public void Quote_KZeroDefaults_OnTheTickGrid()
    {
        // Arrange: 0.5 ∓ 0.005 = 0.495 / 0.505, bid floored and ask ceiled to the 0.01 grid by default.
        var p = Defaults with { KTicks = 0, SkewTicks = 0m };

        // Act
        var d = Quoter.Quote(Book, Holding(100m), p);

        // Assert
        Assert.Equal(0.49m, d.Bid!.Value.Price);
        Assert.Equal(0.51m, d.Ask!.Value.Price);
    }

    [Theory]
    [InlineData(1, "0.49", "0.51")]
    [InlineData(2, "0.48", "0.52")]
    [InlineData(3, "0.47", "0.53")]
    public void Quote_KTicks_OffsetsKTicksFromMid(int k, string bid, string ask)
    {
        // Arrange: no skew so both sides sit symmetrically at mid ∓ k × 0.01.
        var p = Defaults with { KTicks = k, SkewTicks = 0m };

        // Act
        var d = Quoter.Quote(Book, Holding(100m), p);

        // Assert
        Assert.Equal(Snap.D(bid), d.Bid!.Value.Price);
        Assert.Equal(Snap.D(ask), d.Ask!.Value.Price);
    }

    [Fact]
    public void Quote_HoldingShares_SkewsBothQuotesDownOneTick()
    {
        // Arrange: skew = 1 × 0.01 when holding → bid = 0.5 − 0.02 − 0.01 = 0.47, ask = 0.5 + 0.02 − 0.01 = 0.51.

        // Act
        var d = Quoter.Quote(Book, Holding(100m), Defaults);

        // Assert
        Assert.Equal(0.47m, d.Bid!.Value.Price);
        Assert.Equal(0.51m, d.Ask!.Value.Price);
    }

    [Fact]
    public void Quote_NotHolding_NoSkew()
    {
        // Arrange: a large skew setting is ignored without inventory.
        var p = Defaults with { SkewTicks = 5m };

        // Act
        var d = Quoter.Quote(Book, Flat(), p);

        // Assert
        Assert.Equal(0.48m, d.Bid!.Value.Price);
    }

    [Fact]
    public void Quote_SpreadAboveMax_PausesSpreadTooWide()
    {
        // Arrange: (0.53 − 0.47)/0.5 = 0.12 > 0.05.
        var s = Snap.Book(0, 0.47m, 0.53m);

        // Act
        var d = Quoter.Quote(s, Holding(10m), Defaults);

        // Assert
        Assert.Equal(QuoteReasons.SpreadTooWide, d.PauseReason);
        Assert.Null(d.Bid);
        Assert.Null(d.Ask);
    }

    [Fact]
    public void Quote_SpreadExactlyAtMax_Quotes()
    {
        // Arrange: (0.5125 − 0.4875)/0.5 = 0.05, not above the max.
        var s = Snap.Book(0, 0.4875m, 0.5125m);

        // Act
        var d = Quoter.Quote(s, Flat(), Defaults);

        // Assert
        Assert.Null(d.PauseReason);
        Assert.Equal(0.48m, d.Bid!.Value.Price);
    }

    [Theory]
    [InlineData("0", "500")]
    [InlineData("5000", "0")]
    [InlineData("-1", "500")]
    [InlineData("5000", "-0.01")]
    public void Quote_NonPositiveCap_PausesInvalidExposureCaps(string total, string perMarket)
    {
        // Arrange
        var p = Defaults with { MaxExposureUsd = Snap.D(total)!.Value, MaxPerMarketExposureUsd = Snap.D(perMarket)!.Value };

        // Act
        var d = Quoter.Quote(Book, Holding(10m), p);

        // Assert
        Assert.Equal(QuoteReasons.InvalidExposureCaps, d.PauseReason);
    }

    [Fact]
    public void Quote_SpreadTooWideAndInvalidCaps_SpreadWinsAsRuleOne()
    {
        // Arrange
        var p = Defaults with { MaxExposureUsd = 0m };

        // Act
        var d = Quoter.Quote(Snap.Book(0, 0.40m, 0.60m), Flat(), p);

        // Assert
        Assert.Equal(QuoteReasons.SpreadTooWide, d.PauseReason);
    }

    [Theory]
    // bid ≤ 0: mid 0.015, bid = 0.015 − 0.02 = −0.005
    [InlineData("0.01", "0.02", 2)]
    // bid exactly 0: mid 0.02, bid = 0.02 − 0.02 = 0
    [InlineData("0.015", "0.025", 2)]
    // ask ≥ 1: mid 0.985, ask = 1.005
    [InlineData("0.98", "0.99", 2)]
    // ask exactly 1: mid 0.98, ask = 0.98 + 0.02 = 1.00
    [InlineData("0.975", "0.985", 2)]
    // bid ≥ ask: k = −1 gives bid = mid + 0.01 > ask = mid − 0.01
    [InlineData("0.4975", "0.5025", -1)]
    public void Quote_QuoteOutsideUnitIntervalOrInverted_PausesInvalidQuoteBounds(string bestBid, string bestAsk, int k)
    {
        // Arrange: spread checks off so only the bounds rule can stop the quote.
        var p = Defaults with { KTicks = k, MaxSpreadPct = 10m };
        var s = Snap.Book(0, Snap.D(bestBid)!.Value, Snap.D(bestAsk)!.Value);

        // Act
        var d = Quoter.Quote(s, Flat(), p);

        // Assert
        Assert.Equal(QuoteReasons.InvalidQuoteBounds, d.PauseReason);
    }

    [Fact]
    public void Quote_ZeroTick_BidEqualsAsk_PausesInvalidQuoteBounds()
    {
        // Arrange: tick 0 → base 0 → bid = ask = mid.
        var p = Defaults with { TickSize = 0m };

        // Act
        var d = Quoter.Quote(Book, Flat(), p);

        // Assert
        Assert.Equal(QuoteReasons.InvalidQuoteBounds, d.PauseReason);
    }

    [Fact]
    public void Quote_BidAtOrAboveBestAsk_MovedToBestAskMinusTick()
    {
        // Arrange: a negative skew of 3 ticks while holding: bid = 0.5 − 0.02 + 0.03 = 0.51 ≥ best ask 0.5025,
        // moved to 0.5025 − 0.01 = 0.4925, floored to the grid: 0.49; ask = 0.5 + 0.02 + 0.03 = 0.55 stays.
        var p = Defaults with { SkewTicks = -3m };

        // Act
        var d = Quoter.Quote(Book, Holding(100m), p);

        // Assert
        Assert.Null(d.PauseReason);
        Assert.Equal(0.49m, d.Bid!.Value.Price);
        Assert.Null(d.BidBlockedReason);
        Assert.Equal(1, d.ClampedPassive);
        Assert.Equal(0.55m, d.Ask!.Value.Price);
    }

    [Fact]
    public void Quote_BidExactlyAtBestAsk_MovedOneTickBelow()
    {
        // Arrange: book 0.47/0.51 (spread 0.04/0.49 allowed by max 0.1), skew −4 ticks holding:
        // bid = 0.49 − 0.02 + 0.04 = 0.51 = best ask → 0.50.
        var p = Defaults with { SkewTicks = -4m, MaxSpreadPct = 0.1m };
        var s = Snap.Book(0, 0.47m, 0.51m);

        // Act
        var d = Quoter.Quote(s, Holding(100m), p);

        // Assert
        Assert.Equal(0.50m, d.Bid!.Value.Price);
        Assert.Equal(1, d.ClampedPassive);
    }

    [Fact]
    public void Quote_AskAtOrBelowBestBid_MovedToBestBidPlusTick()
    {
        // Arrange: skew 3 ticks holding: ask = 0.5 + 0.02 − 0.03 = 0.49 ≤ best bid 0.4975 → 0.5075, ceiled: 0.51;
        // bid = 0.45. (v1 dropped this ask, so a baseline holding shares on a tight book could never sell.)
        var p = Defaults with { SkewTicks = 3m };

        // Act
        var d = Quoter.Quote(Book, Holding(100m), p);

        // Assert
        Assert.Equal(new QuoteIntent(0.51m, 19.6m), d.Ask);
        Assert.Null(d.AskBlockedReason);
        Assert.Equal(1, d.ClampedPassive);
        Assert.Equal(0.45m, d.Bid!.Value.Price);
    }

    [Fact]
    public void Quote_MovedAskLeavesUnitInterval_AskNotPlacedAskCrossesBid()
    {
        // Arrange: book 0.995/0.999 (mid 0.997), skew 3 holding: ask = 0.997 + 0.02 − 0.03 = 0.987 → 0.99 ≤ 0.995;
        // moved to 0.995 + 0.01 = 1.005 → 1.01 ≥ 1: not placed. bid = 0.947 → 0.94 stays.
        var p = Defaults with { SkewTicks = 3m };
        var s = Snap.Book(0, 0.995m, 0.999m);

        // Act
        var d = Quoter.Quote(s, Holding(100m), p);

        // Assert
        Assert.Null(d.Ask);
        Assert.Equal(QuoteReasons.AskCrossesBid, d.AskBlockedReason);
        Assert.Equal(0, d.ClampedPassive);
        Assert.Equal(0.94m, d.Bid!.Value.Price);
    }

    [Theory]
    [InlineData(BookSource.GammaFallback)]
    [InlineData(BookSource.LtpFallback)]
    public void Quote_SyntheticBook_PausesUnlessAllowed(BookSource source)
    {
        // Arrange: bid = ask = 0.5, a reference price, not a market.
        var s = Snap.Book(0, 0.5m, 0.5m) with { BookSource = source };

        // Act
        var paused = Quoter.Quote(s, Flat(), Defaults);
        var allowed = Quoter.Quote(s, Flat(), Defaults with { AllowSyntheticBooks = true });

        // Assert
        Assert.Equal(QuoteReasons.SyntheticBook, paused.PauseReason);
        Assert.Null(allowed.PauseReason);
        Assert.Equal(0.48m, allowed.Bid!.Value.Price);
    }

    [Theory]
    // bid 0.48 × 20.83 = 9.9984 USD, fee at 2 bps 0.00199968 → 0.002: 10.0004 of cash needed
    [InlineData("10.0004", true)]
    [InlineData("10.0003", false)]
    [InlineData("5", false)]
    public void Quote_AvailableCash_MustCoverBidAndFee(string cash, bool bidPlaced)
    {
        // Arrange
        var ctx = Flat() with { AvailableCash = Snap.D(cash)!.Value, FeeBps = 2m };

        // Act
        var d = Quoter.Quote(Book, ctx, Defaults);

        // Assert
        Assert.Equal(bidPlaced, d.Bid is not null);
        Assert.Equal(bidPlaced ? null : QuoteReasons.InsufficientCash, d.BidBlockedReason);
    }

    [Fact]
    public void Quote_NoInventory_NoAskAndNoBlockReason()
    {
        // Act
        var d = Quoter.Quote(Book, Flat(), Defaults with { SkewTicks = 3m });

        // Assert: long-only, nothing to sell is not a blocked ask.
        Assert.Null(d.Ask);
        Assert.Null(d.AskBlockedReason);
    }

    [Theory]
    // ask 0.51: quote shares = floor(10/0.51 = 19.6078…, 0.01) = 19.60
    [InlineData("5", "5")]
    [InlineData("19.6", "19.60")]
    [InlineData("19.61", "19.60")]
    [InlineData("1000", "19.60")]
    [InlineData("0.01", "0.01")]
    public void Quote_Holding_AskSizeIsMinOfQuoteSharesAndHeld(string held, string expected)
    {
        // Act
        var d = Quoter.Quote(Book, Holding(Snap.D(held)!.Value), Defaults);

        // Assert
        Assert.Equal(0.51m, d.Ask!.Value.Price);
        Assert.Equal(Snap.D(expected), d.Ask!.Value.Shares);
    }

    [Theory]
    [InlineData("10", "0.48", "20.83")]  // 10/0.48 = 20.8333…
    [InlineData("10", "0.5", "20")]
    [InlineData("10", "0.3", "33.33")]   // 33.333…
    [InlineData("1", "0.07", "14.28")]   // 14.2857…
    [InlineData("0.001", "0.48", "0")]
    public void SharesFor_Usd_FlooredToHundredthShare(string usd, string price, string expected)
    {
        // Act
        var shares = Quoter.SharesFor(Snap.D(usd)!.Value, Snap.D(price)!.Value);

        // Assert
        Assert.Equal(Snap.D(expected), shares);
    }

    [Fact]
    public void Quote_Flat_BidSharesFlooredToHundredth()
    {
        // Act
        var d = Quoter.Quote(Book, Flat(), Defaults);

        // Assert: 10/0.48 = 20.8333… → 20.83; notional 20.83 × 0.48 = 9.9984
        Assert.Equal(20.83m, d.Bid!.Value.Shares);
        Assert.Equal(9.9984m, d.Bid!.Value.Notional);
    }

    [Fact]
    public void Quote_TinyQuoteSize_BidBlockedZeroSize()
    {
        // Arrange: 0.001/0.48 = 0.002 shares → floored to 0.
        var p = Defaults with { QuoteSizeUsd = 0.001m };

        // Act
        var d = Quoter.Quote(Book, Holding(5m), p);

        // Assert
        Assert.Null(d.Bid);
        Assert.Equal(QuoteReasons.ZeroSize, d.BidBlockedReason);
        Assert.Null(d.Ask);
        Assert.Equal(QuoteReasons.ZeroSize, d.AskBlockedReason);
    }

    [Theory]
    // bid 0.48 × 20.83 = 9.9984. Per-market cap 500: open cost 490.0016 + 9.9984 = 500.0000 passes,
    // 490.0116 + 9.9984 = 500.0100 (one cent over) fails.
    [InlineData("490.0016", true)]
    [InlineData("490.0116", false)]
    [InlineData("490.0017", false)]
    public void Quote_PerMarketCap_IncludesNewBidsOwnNotional(string openCost, bool bidPlaced)
    {
        // Arrange: skew off so the bid stays at 0.48 while holding the lot the open cost belongs to.
        var p = Defaults with { SkewTicks = 0m };
        var ctx = Holding(1000m, openCost: Snap.D(openCost)!.Value, total: Snap.D(openCost)!.Value);

        // Act
        var d = Quoter.Quote(Book, ctx, p);

        // Assert: at the cap only the exposure-reducing ask remains.
        Assert.Equal(bidPlaced, d.Bid is not null);
        Assert.Equal(bidPlaced ? null : QuoteReasons.ExposureCap, d.BidBlockedReason);
        Assert.NotNull(d.Ask);
    }

    [Theory]
    // total cap 5000: committed elsewhere 4990.0016 + 9.9984 = 5000.0000 passes; 4990.0116 + 9.9984 = 5000.0100 fails.
    [InlineData("4990.0016", true)]
    [InlineData("4990.0116", false)]
    public void Quote_TotalCap_IncludesNewBidsOwnNotional(string committedElsewhere, bool bidPlaced)
    {
        // Arrange
        var ctx = Flat(total: Snap.D(committedElsewhere)!.Value);

        // Act
        var d = Quoter.Quote(Book, ctx, Defaults);

        // Assert
        Assert.Equal(bidPlaced, d.Bid is not null);
        Assert.Equal(bidPlaced ? null : QuoteReasons.ExposureCap, d.BidBlockedReason);
    }

    [Theory]
    [InlineData(14400, true)]   // exactly max_hold_time_sec: not yet stale
    [InlineData(14401, false)]  // older: reduce only
    public void Quote_OldestLotAge_StaleInventoryBlocksBidButKeepsAsk(int ageSec, bool bidPlaced)
    {
        // Arrange
        var ctx = Holding(10m, openCost: 4.8m, total: 4.8m, opened: Snap.T0.AddSeconds(-ageSec));

        // Act
        var d = Quoter.Quote(Book, ctx, Defaults);

        // Assert
        Assert.Equal(bidPlaced, d.Bid is not null);
        Assert.Equal(bidPlaced ? null : QuoteReasons.StaleInventory, d.BidBlockedReason);
        Assert.Equal(new QuoteIntent(0.51m, 10m), d.Ask);
    }

    [Fact]
    public void Quote_RoundToTick_FloorsBidAndCeilsAsk()
    {
        // Arrange: book 0.498/0.503 → mid 0.5005; k = 0 → 0.5005 ∓ 0.005 = 0.4955 / 0.5055,
        // rounded outward to the 0.01 grid: bid 0.49, ask 0.51.
        var s = Snap.Book(0, 0.498m, 0.503m);
        var p = Defaults with { KTicks = 0, SkewTicks = 0m, RoundToTick = true };

        // Act
        var rounded = Quoter.Quote(s, Holding(100m), p);
        var raw = Quoter.Quote(s, Holding(100m), p with { RoundToTick = false });

        // Assert
        Assert.Equal(0.4955m, raw.Bid!.Value.Price);
        Assert.Equal(0.5055m, raw.Ask!.Value.Price);
        Assert.Equal(0.49m, rounded.Bid!.Value.Price);
        Assert.Equal(0.51m, rounded.Ask!.Value.Price);
    }

    [Fact]
    public void Quote_RoundToTickOnGrid_LeavesPricesUnchanged()
    {
        // Arrange: mid 0.5, k = 2 → 0.48/0.52 already on the grid.
        var p = Defaults with { SkewTicks = 0m };

        // Act
        var d = Quoter.Quote(Book, Holding(100m), p);

        // Assert
        Assert.Equal(0.48m, d.Bid!.Value.Price);
        Assert.Equal(0.52m, d.Ask!.Value.Price);
    }

    // A 0.515/0.525 book: mid 0.52, so the flat bid is 0.52 − 2 × 0.01 = 0.50 (spread 0.01 / 0.52 ≈ 1.9 %).
    private static readonly Snapshot BookAt50 = Snap.Book(0, 0.515m, 0.525m);

    [Theory]
    // $2 at 0.50 = 4 shares < 5: not quoted. $2.50 at 0.50 = 5 shares = the minimum: quoted. $2.499 at 0.50 = 4.998 →
    // floored to 4.99 < 5: not quoted.
    [InlineData("2", "5", null)]
    [InlineData("2.50", "5", "5")]
    [InlineData("2.499", "5", null)]
    [InlineData("2", "0", "4")]
    public void Quote_BidSharesAgainstMinOrderSize_BelowMinSizeBlocksTheBid(string usd, string min, string? expectedShares)
    {
        // Arrange
        var p = Defaults with { QuoteSizeUsd = Snap.D(usd)!.Value };
        var ctx = Flat() with { MinOrderSize = Snap.D(min)!.Value };

        // Act
        var d = Quoter.Quote(BookAt50, ctx, p);

        // Assert
        Assert.Null(d.PauseReason);
        Assert.Equal(Snap.D(expectedShares), d.Bid?.Shares);
        Assert.Equal(expectedShares is null ? QuoteReasons.BelowMinSize : null, d.BidBlockedReason);
        if (d.Bid is { } bid)
        {
            Assert.Equal(0.50m, bid.Price);
        }
    }

    [Theory]
    // Holding: skew one tick, ask = 0.5 + 0.02 − 0.01 = 0.51; the ask rule gives min(floor(10 / 0.51) = 19.60, held).
    // Held 3.2 < 5: no ask. Held 5 = 5: ask 5. Held 7: ask 7. Held 25: ask 19.60. Minimum 0: held 3.2 gives 3.2, as before.
    [InlineData("3.2", "5", null)]
    [InlineData("5", "5", "5")]
    [InlineData("7", "5", "7")]
    [InlineData("25", "5", "19.60")]
    [InlineData("3.2", "0", "3.2")]
    public void Quote_AskLimitedToHeldAgainstMinOrderSize_BelowMinSizeBlocksTheAsk(string held, string min, string? expectedShares)
    {
        // Arrange
        var ctx = Holding(Snap.D(held)!.Value) with { MinOrderSize = Snap.D(min)!.Value };

        // Act
        var d = Quoter.Quote(Book, ctx, Defaults);

        // Assert: the bid (0.47 × floor(10 / 0.47) = 21.27 shares, above 5) is unaffected.
        Assert.Equal((0.47m, 21.27m), (d.Bid!.Value.Price, d.Bid!.Value.Shares));
        Assert.Equal(Snap.D(expectedShares), d.Ask?.Shares);
        Assert.Equal(expectedShares is null ? QuoteReasons.BelowMinSize : null, d.AskBlockedReason);
        if (d.Ask is { } ask)
        {
            Assert.Equal(0.51m, ask.Price);
        }
    }

    [Fact]
    public void Quote_ZeroSharesWithAMinimum_ZeroSizeNotBelowMinSize()
    {
        // Arrange: 0.001 / 0.48 = 0.002 shares → floored to 0, and 0.001 / 0.51 → 0 for the ask: rule 8's zero comes first.
        var p = Defaults with { QuoteSizeUsd = 0.001m };
        var ctx = Holding(5m) with { MinOrderSize = 5m };

        // Act
        var d = Quoter.Quote(Book, ctx, p);

        // Assert
        Assert.Equal(QuoteReasons.ZeroSize, d.BidBlockedReason);
        Assert.Equal(QuoteReasons.ZeroSize, d.AskBlockedReason);
    }

    [Fact]
    public void Quote_BelowMinSizeAndOverTheCap_MinimumWinsAsRuleEight()
    {
        // Arrange: $2 at 0.50 = 4 shares (< 5), and an open cost of 499 + 4 × 0.50 = 501 > the 500 per-market cap: the
        // size rule (8) runs before the caps (9).
        var p = Defaults with { QuoteSizeUsd = 2m };
        var ctx = Flat(openCost: 499m) with { MinOrderSize = 5m };

        // Act
        var d = Quoter.Quote(BookAt50, ctx, p);

        // Assert
        Assert.Null(d.Bid);
        Assert.Equal(QuoteReasons.BelowMinSize, d.BidBlockedReason);
    }
}
