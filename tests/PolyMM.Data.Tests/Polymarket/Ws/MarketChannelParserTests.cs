using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

public sealed class MarketChannelParserTests
{
    // Token ids of the captured messages (Captured/README.md).
    private const string DeepBookToken = "48331043336612883890938759509493159234755048973500640148014422747788308965732";
    private const string SmallToken = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    private const string V2Token = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
    private const string TradeToken = "21742633143463906290569050155826241533067272736897614950488156847949938836455";
    private const string TickToken = "115474063863764126958837769719736461272619491980773624567012766320777398670353";
    private static readonly DateTimeOffset Recv = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<MarketEvent> _events = [];

    internal static string Captured(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Polymarket", "Ws", "Captured", name));

    private static MarketChannelParser Parser(params (string Yes, string No)[] markets) =>
        new(new WsTokenMap(markets.Select((m, i) => new InstrumentSpec(i, "0xm" + i, m.Yes, m.No, 0.01m, 5m))));

    [Theory]
    [InlineData("\"150.0\"", "150.0")]
    [InlineData("\"0.510\"", "0.510")]
    [InlineData("\" 12.5 \"", "12.5")]
    [InlineData("\"1.5e2\"", "150")]
    [InlineData("\"\\u0031\\u0030\"", "10")]
    [InlineData("25.00", "25.00")]
    public void ParseFrame_SizeText_ParsedExactlyWithItsScale(string sizeJson, string expected)
    {
        // Sizes take the fast UTF-8 path when they are plain digits and the general one otherwise (spaces, exponents,
        // escapes); both give the same exact decimal, trailing zeros included.
        var parser = Parser((SmallToken, "no"));
        var frame = $$"""{"event_type":"price_change","market":"0xm0","price_changes":[{"asset_id":"{{SmallToken}}","price":"0.5","side":"BUY","size":{{sizeJson}}}],"timestamp":"1703875201000"}""";

        parser.ParseFrame(frame, Recv, _events);

        var e = Assert.Single(_events);
        Assert.Equal(expected, e.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1703875201000), e.TsEvent);
    }

    [Fact]
    public void ParseFrame_RealDeepBook_BestBidIsHighestAndBestAskLowest()
    {
        var parser = Parser((DeepBookToken, "no"));

        var n = parser.ParseFrame(Captured("book.json"), Recv, _events);

        // The capture lists bids from 0.001 up to 0.511 and asks from 0.999 down to 0.514: the best levels come last.
        var book = parser.Books[DeepBookToken].Book;
        Assert.Equal(1, n);
        Assert.Equal(new PriceLevel(0.511m, 1304.72m), book.BestBid);
        Assert.Equal(new PriceLevel(0.514m, 20230.87m), book.BestAsk);
        Assert.Equal(76, book.LevelCount(Side.Buy));
        Assert.Equal(86, book.LevelCount(Side.Sell));
        Assert.False(book.IsCrossed);
        var e = Assert.Single(_events);
        Assert.Equal(MarketEventKind.BookSnapshot, e.Kind);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1728799418260), e.TsEvent);
        Assert.Equal(Recv, e.TsRecv);
        Assert.Equal(Outcome.Yes, e.Token);
    }

    [Fact]
    public void ParseFrame_DeepBookLevelsInAnyOrder_SameBestLevels()
    {
        var text = Captured("book.json");
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        var bids = doc.RootElement.GetProperty("bids").EnumerateArray().Select(l => l.GetRawText()).ToList();
        var asks = doc.RootElement.GetProperty("asks").EnumerateArray().Select(l => l.GetRawText()).ToList();
        var rng = new Random(7);
        var shuffled = $"{{\"event_type\":\"book\",\"asset_id\":\"{DeepBookToken}\",\"market\":\"0xm\",\"timestamp\":\"1728799418260\","
            + $"\"bids\":[{string.Join(',', bids.OrderBy(_ => rng.Next()))}],\"asks\":[{string.Join(',', asks.OrderBy(_ => rng.Next()))}]}}";
        var parser = Parser((DeepBookToken, "no"));

        parser.ParseFrame(shuffled, Recv, _events);

        var book = parser.Books[DeepBookToken].Book;
        Assert.Equal(0.511m, book.BestBid!.Value.Price);
        Assert.Equal(0.514m, book.BestAsk!.Value.Price);
        Assert.Equal(76, book.LevelCount(Side.Buy));
    }

    [Fact]
    public void ParseFrame_FlatPriceChangeAfterBook_SetsTheLevelToItsNewTotal()
    {
        var parser = Parser((DeepBookToken, "no"));
        parser.ParseFrame(Captured("book.json"), Recv, _events);

        parser.ParseFrame(Captured("price_change.json"), Recv, _events);

        // The flat shape: SELL 0.514 size 21574.08 is the new total at the best ask (was 20230.87).
        var book = parser.Books[DeepBookToken].Book;
        Assert.Equal(new PriceLevel(0.514m, 21574.08m), book.BestAsk);
        var e = _events[^1];
        Assert.Equal(MarketEventKind.LevelChange, e.Kind);
        Assert.Equal(Side.Sell, e.Side);
        Assert.Equal(21574.08m, e.Size);
        Assert.Equal(1, e.Sequence);
    }

    [Fact]
    public void ParseFrame_ChangesArrayShape_AppliesEveryEntryToTheTopLevelAsset()
    {
        var parser = Parser((SmallToken, "no"));
        parser.ParseFrame(Captured("ws_market_book_msg.json"), Recv, _events);
        const string Frame = "{\"event_type\":\"price_change\",\"asset_id\":\"" + SmallToken + "\",\"market\":\"0xm\",\"timestamp\":\"1703875201000\","
            + "\"changes\":[{\"price\":\"0.49\",\"side\":\"BUY\",\"size\":\"0\"},{\"price\":\"0.53\",\"side\":\"SELL\",\"size\":\"75\"}]}";

        var n = parser.ParseFrame(Frame, Recv, _events);

        var book = parser.Books[SmallToken].Book;
        Assert.Equal(2, n);
        Assert.Equal(1, book.LevelCount(Side.Buy));
        Assert.Equal(75m, book.SizeAt(Side.Sell, 0.53m));
    }

    [Fact]
    public void ParseFrame_CurrentShapeDisagreeingWithTheRebuiltBbo_CountsAMismatchUntilTheNextBook()
    {
        var parser = Parser((V2Token, "no"));

        // No book before it: bids 0.6, 0.5 and 0.7 are rebuilt, so our best bid 0.7 differs from the stated 0.6.
        var n = parser.ParseFrame(Captured("price_change_v2.json"), Recv, _events);
        var state = parser.Books[V2Token];
        Assert.Equal(3, n);
        Assert.Equal(1, state.BboMismatches);
        Assert.True(state.OutOfSync);
        Assert.True(parser.IsPaused(0));

        parser.ParseFrame("{\"event_type\":\"book\",\"asset_id\":\"" + V2Token + "\",\"bids\":[{\"price\":\"0.6\",\"size\":\"3300\"}],\"asks\":[{\"price\":\"0.7\",\"size\":\"10\"}]}", Recv, _events);

        Assert.Equal(1, state.Resyncs);
        Assert.False(state.OutOfSync);
        Assert.False(parser.IsPaused(0));
    }

    [Fact]
    public void ParseFrame_CurrentShapeMatchingTheRebuiltBbo_CountsNoMismatch()
    {
        var parser = Parser((SmallToken, "no"));
        parser.ParseFrame(Captured("ws_market_book_msg.json"), Recv, _events);
        const string Frame = "{\"event_type\":\"price_change\",\"market\":\"0xm\",\"timestamp\":\"1703875201000\",\"price_changes\":[{\"asset_id\":\""
            + SmallToken + "\",\"price\":\"0.50\",\"side\":\"BUY\",\"size\":\"120\",\"hash\":\"0x1\",\"best_bid\":\"0.5\",\"best_ask\":\"0.51\"}]}";

        parser.ParseFrame(Frame, Recv, _events);

        Assert.Equal(0, parser.Books[SmallToken].BboMismatches);
        Assert.Equal(120m, parser.Books[SmallToken].Book.SizeAt(Side.Buy, 0.50m));
    }

    [Fact]
    public void ParseFrame_ChangeThatCrossesTheBook_CountsCrossedAndPausesUntilTheNextBook()
    {
        var parser = Parser((SmallToken, "no"));
        parser.ParseFrame(Captured("ws_market_book_msg.json"), Recv, _events);

        // The captured example adds a bid at 0.51 while an ask rests at 0.51: the rebuilt book is crossed.
        parser.ParseFrame(Captured("ws_market_price_change_msg.json"), Recv, _events);
        var state = parser.Books[SmallToken];
        Assert.Equal(1, state.Crossed);
        Assert.True(state.Paused);

        parser.ParseFrame(Captured("ws_market_book_msg.json"), Recv, _events);
        Assert.False(state.Paused);
        Assert.Equal(1, state.Resyncs);
    }

    [Fact]
    public void ParseFrame_ArrayOfEvents_ParsesEach()
    {
        var parser = Parser((SmallToken, DeepBookToken));
        var frame = "[" + Captured("ws_market_book_msg.json") + "," + Captured("book.json") + "]";

        var n = parser.ParseFrame(frame, Recv, _events);

        Assert.Equal(2, n);
        Assert.Equal([Outcome.Yes, Outcome.No], _events.Select(e => e.Token));
        Assert.Equal([0L, 1L], _events.Select(e => e.Sequence));
    }

    [Theory]
    [InlineData("PONG", "control_text")]
    [InlineData("NO NEW ASSETS", "control_text")]
    [InlineData("{\"event_type\":\"book\",\"bids\":[", "bad_json")]
    [InlineData("{\"event_type\":\"order_flow\",\"asset_id\":\"1\"}", "unknown_event_type")]
    [InlineData("{\"event_type\":\"book\",\"asset_id\":\"999\",\"bids\":[],\"asks\":[]}", "unknown_asset")]
    [InlineData("{\"event_type\":\"last_trade_price\",\"asset_id\":\"" + SmallToken + "\",\"price\":\"abc\",\"size\":\"1\",\"side\":\"BUY\"}", "bad_value")]
    [InlineData("[1,2]", "not_an_object")]
    public void ParseFrame_NotAUsableMessage_CountedAndSkipped(string frame, string reason)
    {
        var parser = Parser((SmallToken, "no"));

        var n = parser.ParseFrame(frame, Recv, _events);

        Assert.Equal(0, n);
        Assert.True(parser.Skipped.GetValueOrDefault(reason) >= 1, string.Join(",", parser.Skipped));
    }

    [Fact]
    public void ParseFrame_NumbersAsJsonNumbersOrPaddedStrings_ParsedExactly()
    {
        var parser = Parser((SmallToken, "no"));
        const string Frame = "{\"event_type\":\"book\",\"asset_id\":\"" + SmallToken + "\",\"timestamp\":1703875200000,"
            + "\"bids\":[{\"price\":0.47,\"size\":\" 12.345678 \"}],\"asks\":[{\"price\":\"4.8e-1\",\"size\":\"1\"}]}";

        parser.ParseFrame(Frame, Recv, _events);

        var book = parser.Books[SmallToken].Book;
        Assert.Equal(new PriceLevel(0.47m, 12.345678m), book.BestBid);
        Assert.Equal(0.48m, book.BestAsk!.Value.Price);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1703875200000), _events[0].TsEvent);
    }

    [Fact]
    public void ParseFrame_TradePrintedForBothTokens_CountedOnce()
    {
        var parser = Parser((TradeToken, "777"));
        // The same match seen from the NO token: BUY at 1 − 0.491 = 0.509, same size and time.
        const string Mirror = "{\"asset_id\":\"777\",\"event_type\":\"last_trade_price\",\"market\":\"0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917\","
            + "\"price\":\"0.509\",\"side\":\"BUY\",\"size\":\"85.36\",\"timestamp\":\"1724564136087\"}";

        parser.ParseFrame(Captured("last_trade_price.json"), Recv, _events);
        parser.ParseFrame(Mirror, Recv, _events);

        var trade = Assert.Single(_events);
        Assert.Equal(MarketEventKind.Trade, trade.Kind);
        Assert.Equal(Outcome.Yes, trade.Token);
        Assert.Equal(Side.Sell, trade.Side);
        Assert.Equal(0.491m, trade.Price);
        Assert.Equal(85.36m, trade.Size);
        Assert.Equal(1, parser.Skipped["mirrored_trade"]);
    }

    [Fact]
    public void ParseFrame_TwoTradesOnOneTokenSameTime_BothCounted()
    {
        var parser = Parser((TradeToken, "777"));

        parser.ParseFrame(Captured("last_trade_price.json"), Recv, _events);
        parser.ParseFrame(Captured("last_trade_price.json"), Recv, _events);

        // Without a transaction hash two identical prints may be two fills: neither is dropped.
        Assert.Equal(2, _events.Count);
    }

    [Fact]
    public void ParseFrame_TickSizeChange_StartsANewEpochAndIgnoresChangesUntilTheNextBook()
    {
        var parser = Parser((TickToken, "no"));
        parser.ParseFrame("{\"event_type\":\"book\",\"asset_id\":\"" + TickToken + "\",\"bids\":[{\"price\":\"0.95\",\"size\":\"10\"}],\"asks\":[{\"price\":\"0.97\",\"size\":\"10\"}]}", Recv, _events);

        parser.ParseFrame(Captured("tick_size_change.json"), Recv, _events);
        var state = parser.Books[TickToken];
        Assert.Equal(1, state.Epoch);
        Assert.Equal(0.001m, state.TickSize);
        Assert.Null(state.Book.BestBid);
        var tick = _events[^1];
        Assert.Equal(MarketEventKind.TickSizeChange, tick.Kind);
        Assert.Equal(0.001m, tick.TickSize);

        var n = parser.ParseFrame("{\"event_type\":\"price_change\",\"asset_id\":\"" + TickToken + "\",\"price\":\"0.955\",\"side\":\"BUY\",\"size\":\"3\"}", Recv, _events);
        Assert.Equal(0, n);
        Assert.Equal(1, parser.Skipped["awaiting_snapshot"]);

        parser.ParseFrame("{\"event_type\":\"book\",\"asset_id\":\"" + TickToken + "\",\"bids\":[{\"price\":\"0.955\",\"size\":\"3\"}],\"asks\":[]}", Recv, _events);
        Assert.Equal(1, state.Resyncs);
        Assert.Equal(0.955m, state.Book.BestBid!.Value.Price);
    }

    [Fact]
    public void ParseFrame_BestBidAsk_ComparedWithTheRebuiltBook()
    {
        var parser = Parser(("85354956062430465315924116860125388538595433819574542752031640332592237464430", "no"));
        parser.ParseFrame("{\"event_type\":\"book\",\"asset_id\":\"85354956062430465315924116860125388538595433819574542752031640332592237464430\","
            + "\"bids\":[{\"price\":\"0.73\",\"size\":\"1\"}],\"asks\":[{\"price\":\"0.78\",\"size\":\"1\"}]}", Recv, _events);

        // The capture states 0.73 / 0.77; the rebuilt ask is 0.78.
        var n = parser.ParseFrame(Captured("ws_market_best_bid_ask_msg.json"), Recv, _events);

        Assert.Equal(0, n);
        Assert.Equal(1, parser.Books["85354956062430465315924116860125388538595433819574542752031640332592237464430"].BboMismatches);
    }

    [Fact]
    public void ParseFrame_RestBooksAnswer_ReadAsSnapshots()
    {
        var parser = Parser((SmallToken, "no"));
        const string Rest = "[{\"market\":\"0xm\",\"asset_id\":\"" + SmallToken + "\",\"timestamp\":\"1703875300000\",\"hash\":\"h\","
            + "\"bids\":[{\"price\":\"0.4\",\"size\":\"5\"}],\"asks\":[{\"price\":\"0.6\",\"size\":\"5\"}],\"tick_size\":\"0.01\",\"min_order_size\":\"5\"}]";

        var n = parser.ParseFrame(Rest, Recv, _events, restBook: true);

        Assert.Equal(1, n);
        Assert.Equal(MarketEventKind.BookSnapshot, _events[0].Kind);
        Assert.Equal(0.01m, parser.Books[SmallToken].TickSize);
    }

    [Fact]
    public void ParseFrame_RestSnapshotOfATokenWithABook_CountsAResync()
    {
        var parser = Parser((SmallToken, "no"));
        const string Rest = "[{\"market\":\"0xm\",\"asset_id\":\"" + SmallToken + "\",\"bids\":[{\"price\":\"0.4\",\"size\":\"5\"}],\"asks\":[]}]";

        parser.ParseFrame(Rest, Recv, _events, restBook: true);
        parser.ParseFrame(Captured("ws_market_book_msg.json"), Recv, _events);
        Assert.Equal(0, parser.Books[SmallToken].Resyncs);

        // The recorder takes REST snapshots at start and after a reconnect only: a second one is a resync.
        parser.ParseFrame(Rest, Recv, _events, restBook: true);
        Assert.Equal(1, parser.Books[SmallToken].Resyncs);
    }
}
