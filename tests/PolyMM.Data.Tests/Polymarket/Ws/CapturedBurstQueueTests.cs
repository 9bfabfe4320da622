using System.Globalization;
using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

/// <summary>
/// The queue model (docs/design.md#queue-model) on the real captured <c>price_change</c> burst
/// (<c>Captured/price_change_v2.json</c>: three entries of one token, 0.6 → 3300, 0.5 → 3400 and 0.7 → 3400 on the bid
/// side at 1729084877448 ms), parsed by the market-channel parser and applied to the book as the engine does. Before it
/// a constructed book and one constructed level change; after it one constructed print. Two hypothetical YES bids of 100
/// shares rest at 0.6 and 0.5; their queue trajectories are worked by hand below.
/// </summary>
public sealed class CapturedBurstQueueTests
{
    private const string Token = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
    private static readonly DateTimeOffset Recv = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Change(long ms, string price, string size) =>
        "{\"event_type\":\"price_change\",\"market\":\"0xm\",\"timestamp\":\"" + ms.ToString(CultureInfo.InvariantCulture) + "\",\"price_changes\":[{\"asset_id\":\""
        + Token + "\",\"price\":\"" + price + "\",\"side\":\"BUY\",\"size\":\"" + size + "\",\"hash\":\"0x1\",\"best_bid\":\"0.6\",\"best_ask\":\"0.7\"}]}";

    [Theory]
    // Accepted with 3000 displayed at 0.6 → front 3000. +600 join behind (3000 → 3600): the level grew, front stays 3000.
    // The burst takes 0.6 from 3600 to 3300 with no trade: chg = 300, back = 3600 − 3000 = 600.
    //   risk-averse: front = min(3000, 3300) = 3000; the 2800-share sale leaves 200 ahead, no fill.
    //   power:2: P = 600² / (600² + 3000²) = 1/26 = 0.0384615384615385; front = 3000 − (1 − 1/26) × 300 = 2711.538461…,
    //     rounded up to 2711.538462; the sale's excess 2800 − 2711.538462 = 88.461538 fills 88.461538 of 100.
    //   log: P = ln 601 / (ln 601 + ln 3001) = 0.444183516414132; front = 3000 − 0.555816483585868 × 300 = 2833.2550549…,
    //     rounded up to 2833.255055; the sale leaves 33.255055 ahead, no fill.
    // The 0.5 bid: accepted behind 3000; the burst grows 0.5 to 3400 (chg = −400): front = min(3000, 3400) = 3000 for all.
    [InlineData("risk-averse", "3000", "3000", "200", "0")]
    [InlineData("power:2", "2711.538462", "3000", "0", "88.461538")]
    [InlineData("log", "2833.255055", "3000", "33.255055", "0")]
    public void QueueTrajectory_RealPriceChangeBurst_EqualsTheHandComputation(string function, string afterBurst, string otherAfterBurst, string afterSale, string filled)
    {
        Assert.True(QueueFunction.TryParse(function, out var f));
        var venue = new Venue(new QueueFillModel(f));
        venue.Frame("{\"event_type\":\"book\",\"asset_id\":\"" + Token + "\",\"timestamp\":\"1729084870000\",\"bids\":[{\"price\":\"0.6\",\"size\":\"3000\"},{\"price\":\"0.5\",\"size\":\"3000\"}],\"asks\":[{\"price\":\"0.7\",\"size\":\"100\"}]}");
        venue.Submit(1, 0.6m, 1729084871000);
        venue.Submit(2, 0.5m, 1729084871000);
        Assert.Equal(3000m, venue.Model.QueueAhead(1));
        venue.Frame(Change(1729084875000, "0.6", "3600"));
        Assert.Equal(3000m, venue.Model.QueueAhead(1));

        var produced = venue.Frame(MarketChannelParserTests.Captured("price_change_v2.json"));

        Assert.Equal(3, produced);
        Assert.Equal(3300m, venue.Book.SizeAt(Side.Buy, 0.6m));
        Assert.Equal(decimal.Parse(afterBurst, CultureInfo.InvariantCulture), venue.Model.QueueAhead(1));
        Assert.Equal(decimal.Parse(otherAfterBurst, CultureInfo.InvariantCulture), venue.Model.QueueAhead(2));

        venue.Frame("{\"event_type\":\"last_trade_price\",\"asset_id\":\"" + Token + "\",\"market\":\"0xm\",\"price\":\"0.6\",\"size\":\"2800\",\"side\":\"SELL\",\"timestamp\":\"1729084878000\"}");

        Assert.Equal(decimal.Parse(filled, CultureInfo.InvariantCulture), venue.Fills.Where(e => e.Seq == 1).Sum(e => e.Shares));
        if (venue.Fills.Count == 0)
        {
            Assert.Equal(decimal.Parse(afterSale, CultureInfo.InvariantCulture), venue.Model.QueueAhead(1));
        }

        Assert.DoesNotContain(venue.Fills, e => e.Seq == 2);
    }

    /// <summary>The parser, one YES book and a simulated gateway without latency, driven the way the engine drives them.</summary>
    private sealed class Venue : IOrderEventSink, IMarketContextSource
    {
        private readonly MarketChannelParser _parser = new(new WsTokenMap([new InstrumentSpec(0, "0xm", Token, "no-token", 0.01m, 5m)]));
        private readonly SimulatedGateway _gateway;
        private readonly List<MarketEvent> _events = [];

        public Venue(QueueFillModel model)
        {
            Model = model;
            _gateway = new SimulatedGateway(model, this, this, 1, TimeSpan.Zero, TimeSpan.Zero);
        }

        public QueueFillModel Model { get; }

        public OrderBook Book { get; } = new();

        public List<OrderEvent> Fills { get; } = [];

        public bool Halted => false;

        public void OnOrderEvent(in OrderEvent e)
        {
            if (e.Kind == OrderEventKind.Filled)
            {
                Fills.Add(e);
            }
        }

        public MatchContext ContextOf(int market) => MatchContext.BookOnly(0.01m, Book);

        public void Submit(long seq, decimal price, long ms)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            _gateway.AdvanceTo(at);
            _gateway.Submit(new SubmitOrder(seq, 0, Side.Buy, price, 100m, at));
        }

        public int Frame(string frame)
        {
            _events.Clear();
            var n = _parser.ParseFrame(frame, Recv, _events);
            foreach (var e in _events)
            {
                _gateway.AdvanceTo(e.TsEvent);
                if (e.Kind == MarketEventKind.BookSnapshot && e.Book is { } levels)
                {
                    Book.ApplySnapshot(levels);
                }
                else if (e.Kind == MarketEventKind.LevelChange)
                {
                    Book.ApplyLevel(e.Side, e.Price, e.Size);
                }

                _gateway.OnMarketEvent(e, MatchContext.BookOnly(0.01m, Book));
            }

            return n;
        }
    }
}
