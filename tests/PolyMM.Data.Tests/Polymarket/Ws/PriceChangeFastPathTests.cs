using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Data.Fixtures.Synth;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

/// <summary>The one-pass price_change reader against the general parser: same events, same books, same counters.</summary>
public sealed class PriceChangeFastPathTests
{
    private const string Yes = "1000001";
    private const string No = "1000002";
    private static readonly DateTimeOffset Recv = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static MarketChannelParser Parser(bool fast) =>
        new(new WsTokenMap([new InstrumentSpec(0, SynthWsRecording.ConditionId(0), Yes, No, 0.01m, 5m)])) { FastPath = fast };

    // Every field as text (decimals with their scale; a snapshot's levels by value, not by reference).
    private static string Show(MarketEvent e) => string.Join("|",
        e.Kind, e.Instrument, e.Token, e.TsEvent.ToUnixTimeMilliseconds(), e.TsRecv.ToUnixTimeMilliseconds(), e.Sequence, e.Side,
        e.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        e.TxHash, e.TickSize, e.Book is { } b ? string.Join(",", b.Bids.Concat(b.Asks)) : "");

    private static (List<string> Events, string Books, string Skipped, long FastFrames, long FastTradeFrames) Run(bool fast, IEnumerable<string> frames)
    {
        var parser = Parser(fast);
        var events = new List<MarketEvent>();
        foreach (var f in frames)
        {
            parser.ParseFrame(f, Recv, events);
        }

        var books = string.Join(";", parser.Books.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b =>
            $"{b.Key}:{b.Value.Market}:{b.Value.Book.BestBid}:{b.Value.Book.BestAsk}:{b.Value.Events}:{b.Value.BboMismatches}:{b.Value.Resyncs}:{b.Value.Crossed}:{b.Value.OutOfSync}"));
        var skipped = string.Join(";", parser.Skipped.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}"));
        return ([.. events.Select(Show)], books, skipped, parser.FastFrames, parser.FastTradeFrames);
    }

    private static string Change(string entries, string extra = "") =>
        $$"""{"event_type":"price_change","market":"{{SynthWsRecording.ConditionId(0)}}","price_changes":[{{entries}}],"timestamp":"1767225600000"{{extra}}}""";

    private static string Entry(string asset, string price, string side, string size, string bid = "0.49", string ask = "0.51") =>
        $$"""{"asset_id":"{{asset}}","price":"{{price}}","side":"{{side}}","size":"{{size}}","hash":"0xh","best_bid":"{{bid}}","best_ask":"{{ask}}"}""";

    public static TheoryData<string> Frames() => new()
    {
        // Plain, mirrored, a stated BBO that disagrees, JSON numbers, an unknown token, a level removed.
        Change(Entry(Yes, "0.49", "BUY", "100") + "," + Entry(No, "0.51", "SELL", "100", "0.49", "0.51")),
        Change(Entry(Yes, "0.48", "BUY", "100", "0.40", "0.60")),
        Change("""{"asset_id":"1000001","price":0.47,"side":"BUY","size":25.50}"""),
        Change(Entry("999", "0.49", "BUY", "1")),
        Change(Entry(Yes, "0.49", "BUY", "0")),
        // What the fast path leaves to the general parser: bad values, a missing field, escapes, extra text, lower case.
        Change(Entry(Yes, "abc", "BUY", "1")),
        Change(Entry(Yes, "0.49", "BUY", "-1")),
        Change("""{"asset_id":"1000001","price":"0.49","size":"1"}"""),
        Change("""{"asset_id":"100000\u0031","price":"0.49","side":"BUY","size":"1"}"""),
        Change(Entry(Yes, "0.49", "buy", "1")),
        Change(Entry(Yes, "0.49", "BUY", "1"), ""","asset_id":"1000001" """),
        Change(Entry(Yes, "0.49", "BUY", "1")) + " trailing",
        Change(Entry(Yes, "0.49", "BUY", "1")).Replace("\"1767225600000\"", "\"soon\"", StringComparison.Ordinal),
        Change(Entry(Yes, "0.49", "BUY", "1")).Replace("price_change\"", "book\"", StringComparison.Ordinal),
        """{"price_changes":[{"asset_id":"1000001","price":"0.49","side":"BUY","size":"1"}],"event_type":"price_change","extra":{"a":[1,2]}}""",
        // Prints: a mirrored pair, the same print twice, no hash, an empty market and hash, JSON numbers, a single object.
        "[" + Trade(Yes, "0.49", "BUY", "5", "0xt1") + "," + Trade(No, "0.51", "SELL", "5", "0xt1") + "]",
        "[" + Trade(Yes, "0.49", "BUY", "5", "0xt1") + "," + Trade(Yes, "0.49", "BUY", "5", "0xt1") + "]",
        "[" + Trade(Yes, "0.49", "BUY", "5", null) + "," + Trade(No, "0.51", "SELL", "5", null) + "]",
        Trade(Yes, "0.49", "SELL", "5", "").Replace("\"0xsynthws0000\"", "\"\"", StringComparison.Ordinal),
        """{"event_type":"last_trade_price","asset_id":"1000001","price":0.49,"side":"BUY","size":5,"fee_rate_bps":"0"}""",
        Trade("999", "0.49", "BUY", "5", "0xt2"),
        // What the fast path leaves to the general parser: size 0, lower case, a numeric timestamp, an array with another kind.
        Trade(Yes, "0.49", "BUY", "0", "0xt3"),
        Trade(Yes, "0.49", "buy", "5", "0xt3"),
        Trade(Yes, "0.49", "BUY", "5", "0xt3").Replace("\"1767225600000\"", "1767225600000", StringComparison.Ordinal),
        "[" + Trade(Yes, "0.49", "BUY", "5", "0xt4") + "," + Change(Entry(Yes, "0.49", "BUY", "1")) + "]",
    };

    private static string Trade(string asset, string price, string side, string size, string? tx) =>
        $$"""{"event_type":"last_trade_price","market":"{{SynthWsRecording.ConditionId(0)}}","asset_id":"{{asset}}","price":"{{price}}","side":"{{side}}","size":"{{size}}","timestamp":"1767225600000"{{(tx is null ? "" : $",\"transaction_hash\":\"{tx}\"")}}}""";

    [Fact]
    public void ParseFrame_MirroredPrints_TakeTheFastPathAsOneTrade()
    {
        var fast = Run(fast: true, ["[" + Trade(Yes, "0.49", "BUY", "5", "0xt1") + "," + Trade(No, "0.51", "SELL", "5", "0xt1") + "]"]);

        Assert.Equal(1, fast.FastTradeFrames);
        Assert.Equal("Trade|0|Yes|1767225600000|1796126400000|0|Buy|0.49|5|0xt1|0|", Assert.Single(fast.Events));
        Assert.Equal("mirrored_trade=1", fast.Skipped);
    }

    [Fact]
    public void ParseFrame_PlainCurrentShape_TakesTheFastPath()
    {
        var fast = Run(fast: true, [Change(Entry(Yes, "0.49", "BUY", "100") + "," + Entry(No, "0.51", "SELL", "100"))]);

        Assert.Equal(1, fast.FastFrames);
        Assert.Equal(2, fast.Events.Count);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void ParseFrame_FastAndGeneral_SameEventsBooksAndCounters(string frame)
    {
        // A book first, so level changes land on a known book.
        var book = $$"""{"event_type":"book","market":"{{SynthWsRecording.ConditionId(0)}}","asset_id":"{{Yes}}","bids":[{"price":"0.49","size":"10"}],"asks":[{"price":"0.51","size":"10"}],"timestamp":"1767225599000"}""";

        var fast = Run(fast: true, [book, frame]);
        var general = Run(fast: false, [book, frame]);

        Assert.Equal(general.Events, fast.Events);
        Assert.Equal(general.Books, fast.Books);
        Assert.Equal(general.Skipped, fast.Skipped);
    }

    [Fact]
    public void ParseFrame_SyntheticStream_FastAndGeneralAgreeOnEveryEvent()
    {
        var frames = new SynthWsRecording(1, 3).Frames(3_000).Select(f => f.Frame).ToList();

        var fast = Run(fast: true, frames);
        var general = Run(fast: false, frames);

        Assert.True(fast.Events.Count > 5_000);
        // One market, steps 0–2,999: books at every 200th (15), trades at the other 10th steps (300 − 15 = 285), price
        // changes the rest (3,000 − 15 − 285 = 2,700), and every price change takes the fast path.
        Assert.Equal(2_700, fast.FastFrames);
        Assert.Equal(285, fast.FastTradeFrames);
        Assert.Equal(0, general.FastFrames + general.FastTradeFrames);
        Assert.Equal(general.Events, fast.Events);
        Assert.Equal(general.Books, fast.Books);
        Assert.Equal(general.Skipped, fast.Skipped);
    }
}
