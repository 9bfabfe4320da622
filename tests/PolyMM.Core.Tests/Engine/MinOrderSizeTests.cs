using PolyMM.Core.Engine;
using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>
/// The venue's minimum order size (docs/design.md#quoting, docs/design.md#order-lifecycle): the k-tick rules never send an
/// order below it, and the simulated venue rejects one another strategy sends.
/// </summary>
public sealed class MinOrderSizeTests
{
    private static InstrumentSpec[] One(decimal min) => [new InstrumentSpec(0, "m", "m-yes", "m-no", 0.01m, min)];

    [Fact]
    public void OnSnapshot_PartialFillsAroundTheMinimum_NoAskBelowFiveAndIdentityExact()
    {
        // Arrange: minimum 5 shares, no skew, latency 0, fee 2 bps. Book 0.495/0.505 (mid 0.5) throughout: bid 0.48 ×
        // floor(10 / 0.48) = 20.83; while holding, ask 0.52 × min(floor(10 / 0.52) = 19.23, held).
        var sink = new CollectingSink();
        var model = new ScriptedFills();
        var engine = new MarketMakingEngine(new EngineOptions { Quote = new QuoteParams { SkewTicks = 0m } }, 1000m, One(5m), model, sink);
        var book = (double t) => Snap.Book(t, 0.495m, 0.505m, 0.50m);

        // Act
        engine.OnSnapshot(0, book(0));     // bid #1 placed
        model.NextBuy = 3m;
        engine.OnSnapshot(0, book(1));     // 3 of the bid fill: held 3, ask min(19.23, 3) = 3 < 5 → no ask
        var askAfterThree = engine.RestingAsk(0);
        model.NextBuy = 4m;
        engine.OnSnapshot(0, book(2));     // 4 more: held 7 → ask 0.52 × 7 (#2)
        var askAfterSeven = engine.RestingAsk(0);
        model.NextSell = 4m;
        engine.OnSnapshot(0, book(3));     // 4 of the ask fill: held 3 → the wanted ask is 3 < 5: #2 cancelled, none sent
        engine.OnSnapshot(0, book(4));     // still 3 held: no ask

        // Assert: one ask was ever sent, of 7 shares; the remainder of 3 was cancelled for the minimum, not re-sent smaller.
        Assert.Null(askAfterThree);
        Assert.Equal(new QuoteIntent(0.52m, 7m), askAfterSeven);
        Assert.Null(engine.RestingAsk(0));
        var sells = sink.Updates.Where(u => u.Side == Side.Sell).Select(u => u.Seq).Distinct().ToList();
        Assert.Equal([2L], sells);
        Assert.All(sink.Updates, u => Assert.True(u.Shares >= 5m, $"order {u.Seq} of {u.Shares} shares"));
        var ask = Assert.Single(sink.Ended, u => u.Seq == 2);
        Assert.Equal((OrderStatus.Cancelled, QuoteReasons.BelowMinSize, 4m), (ask.Status, ask.Reason, ask.FilledShares));
        // Counted once per quote that blocked the ask: at 1 s, 3 s and 4 s.
        Assert.Equal(3, engine.Stats.PauseReasons[QuoteReasons.BelowMinSize]);
        Assert.Empty(engine.Stats.Rejections);

        // Ledger: buys 3 × 0.48 = 1.44 (fee 0.000288) and 4 × 0.48 = 1.92 (fee 0.000384), sell 4 × 0.52 = 2.08 (fee
        // 0.000416): cash = 1000 − 1.44 − 1.92 + 2.08 − 0.001088 = 998.718912, 3 shares held; the identity is exact.
        var p = engine.Portfolio;
        Assert.Equal(998.718912m, p.Cash);
        Assert.Equal(3m, p.SharesHeld(0));
        Assert.Equal(p.Realized + p.Unrealized - p.Fees, p.TotalValue - p.Bankroll);
    }

    [Fact]
    public void OnSnapshot_MinimumZero_AskForThreeSharesAsBefore()
    {
        // The control: no minimum known, so after the 3-share fill the ask is 0.52 × min(19.23, 3) = 3.
        var sink = new CollectingSink();
        var model = new ScriptedFills();
        var engine = new MarketMakingEngine(new EngineOptions { Quote = new QuoteParams { SkewTicks = 0m } }, 1000m, One(0m), model, sink);

        engine.OnSnapshot(0, Snap.Book(0, 0.495m, 0.505m, 0.50m));
        model.NextBuy = 3m;
        engine.OnSnapshot(0, Snap.Book(1, 0.495m, 0.505m, 0.50m));

        Assert.Equal(new QuoteIntent(0.52m, 3m), engine.RestingAsk(0));
        Assert.False(engine.Stats.PauseReasons.ContainsKey(QuoteReasons.BelowMinSize));
    }

    [Fact]
    public void OnSnapshot_StrategySendsFourShares_VenueRejectsBelowMinOrderSize()
    {
        // Arrange: a strategy that always wants a 0.48 × 4 bid, on a market with minimum 5.
        var sink = new CollectingSink();
        var engine = new MarketMakingEngine(new EngineOptions(), 1000m, One(5m), new TradeThroughFillModel(), sink, new FixedBid(4m));

        // Act
        engine.OnSnapshot(0, Snap.Book(0, 0.495m, 0.505m, 0.50m));

        // Assert: rejected by the venue with its reason; nothing filled, cash untouched.
        var rejected = Assert.Single(sink.Updates, u => u.Status == OrderStatus.Rejected);
        Assert.Equal((1L, 4m, OrderReasons.BelowMinOrderSize), (rejected.Seq, rejected.Shares, rejected.Reason));
        Assert.Equal(1, engine.Stats.Rejections[OrderReasons.BelowMinOrderSize]);
        Assert.Empty(sink.Fills);
        Assert.Equal(1000m, engine.Portfolio.Cash);
    }

    [Theory]
    [InlineData("4", false)]
    [InlineData("4.99", false)]
    [InlineData("5", true)]
    public void Submit_SharesAgainstMinimumFive_RejectedAtActivationBelowIt(string shares, bool accepted)
    {
        // Arrange: 100 ms entry latency, so the decision is taken when the order becomes live (0.1 s).
        var venue = new VenueEvents();
        var gateway = new SimulatedGateway(new TradeThroughFillModel(), venue, venue, 1, TimeSpan.FromMilliseconds(100),
            TimeSpan.FromMilliseconds(100), minOrderSize: [5m]);

        // Act
        gateway.Submit(new SubmitOrder(1, 0, Side.Buy, 0.48m, Snap.D(shares)!.Value, Snap.At(0)));
        var before = venue.List.Count;
        gateway.AdvanceTo(Snap.At(0.1));

        // Assert
        Assert.Equal(0, before);
        var e = Assert.Single(venue.List);
        Assert.Equal(accepted ? OrderEventKind.Accepted : OrderEventKind.Rejected, e.Kind);
        Assert.Equal(accepted ? null : OrderReasons.BelowMinOrderSize, e.Reason);
        Assert.Equal(Snap.At(0.1), e.Ts);
        Assert.Equal(accepted ? 1 : 0, gateway.Working);
    }

    [Fact]
    public void Submit_NoMinimumGiven_FourSharesAccepted()
    {
        var venue = new VenueEvents();
        var gateway = new SimulatedGateway(new TradeThroughFillModel(), venue, venue, 1, TimeSpan.Zero, TimeSpan.Zero);

        gateway.Submit(new SubmitOrder(1, 0, Side.Buy, 0.48m, 4m, Snap.At(0)));

        Assert.Equal(OrderEventKind.Accepted, Assert.Single(venue.List).Kind);
    }

    // Fills the next evaluated bid (or ask) with the shares set before an event, once; nothing otherwise.
    private sealed class ScriptedFills : IMatchingModel
    {
        public decimal NextBuy { get; set; }
        public decimal NextSell { get; set; }

        public string Name => "scripted";

        public void OnAccepted(in WorkingOrder order, in MatchContext market)
        {
        }

        public MatchResult Match(in WorkingOrder order, in MarketEvent e, in MatchContext market)
        {
            var shares = order.Side == Side.Buy ? NextBuy : NextSell;
            if (shares <= 0m)
            {
                return MatchResult.None("scripted_none", default);
            }

            if (order.Side == Side.Buy)
            {
                NextBuy = 0m;
            }
            else
            {
                NextSell = 0m;
            }

            return new MatchResult(Math.Min(shares, order.Remaining), order.Price, "scripted", "limit", default);
        }

        public void OnClosed(long seq)
        {
        }
    }

    // A strategy other than k-tick: one bid at 0.48 of a fixed size, never an ask.
    private sealed class FixedBid(decimal shares) : IQuotingStrategy
    {
        public QuoteDecision Quote(in Snapshot top, in QuoteContext position, decimal tickSize) =>
            new(new QuoteIntent(0.48m, shares), null, null, null, null, 0);
    }
}
