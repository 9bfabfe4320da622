using Parquet;
using Parquet.Schema;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

public sealed class PmxtArchiveReaderTests
{
    private static readonly DateTime T0 = new(2026, 4, 13, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>One archive row; null columns stay null.</summary>
    private sealed record Row(
        int RecvMs, string Market, string Type, string Asset, string? Bids = null, string? Asks = null,
        decimal? Price = null, decimal? Size = null, string? Side = null, decimal? BestBid = null, decimal? BestAsk = null);

    // The archive's 16 columns, in its order.
    private static readonly DataField Received = new DataField<DateTime?>("timestamp_received");
    private static readonly DataField Timestamp = new DataField<long?>("timestamp");
    private static readonly DataField Market = new DataField<string>("market");
    private static readonly DataField EventType = new DataField<string>("event_type");
    private static readonly DataField AssetId = new DataField<string>("asset_id");
    private static readonly DataField Bids = new DataField<string>("bids");
    private static readonly DataField Asks = new DataField<string>("asks");
    private static readonly DataField Price = new DecimalDataField("price", 9, 4, isNullable: true);
    private static readonly DataField Size = new DecimalDataField("size", 18, 6, isNullable: true);
    private static readonly DataField SideField = new DataField<string>("side");
    private static readonly DataField BestBid = new DecimalDataField("best_bid", 9, 4, isNullable: true);
    private static readonly DataField BestAsk = new DecimalDataField("best_ask", 9, 4, isNullable: true);
    private static readonly DataField FeeRate = new DataField<ushort?>("fee_rate_bps");
    private static readonly DataField TxHash = new DataField<string>("transaction_hash");
    private static readonly DataField OldTick = new DataField<string>("old_tick_size");
    private static readonly DataField NewTick = new DataField<string>("new_tick_size");

    private static async Task WriteAsync(string path, params Row[][] groups)
    {
        var schema = new ParquetSchema(Received, Timestamp, Market, EventType, AssetId, Bids, Asks, Price, Size, SideField, BestBid, BestAsk, FeeRate, TxHash, OldTick, NewTick);
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, file);
        foreach (var rows in groups)
        {
            using var g = writer.CreateRowGroup();
            await g.WriteAsync(Received, M(rows.Select(r => (DateTime?)T0.AddMilliseconds(r.RecvMs))));
            await g.WriteAsync(Timestamp, M(rows.Select(r => (long?)new DateTimeOffset(T0).AddMilliseconds(r.RecvMs - 500).ToUnixTimeMilliseconds())));
            await g.WriteAsync(Market, rows.Select(r => r.Market).ToArray());
            await g.WriteAsync(EventType, rows.Select(r => r.Type).ToArray());
            await g.WriteAsync(AssetId, rows.Select(r => r.Asset).ToArray());
            await g.WriteAsync(Bids, rows.Select(r => r.Bids).ToArray());
            await g.WriteAsync(Asks, rows.Select(r => r.Asks).ToArray());
            await g.WriteAsync(Price, M(rows.Select(r => r.Price)));
            await g.WriteAsync(Size, M(rows.Select(r => r.Size)));
            await g.WriteAsync(SideField, rows.Select(r => r.Side).ToArray());
            await g.WriteAsync(BestBid, M(rows.Select(r => r.BestBid)));
            await g.WriteAsync(BestAsk, M(rows.Select(r => r.BestAsk)));
            await g.WriteAsync(FeeRate, M(rows.Select(_ => (ushort?)null)));
            await g.WriteAsync(TxHash, rows.Select(_ => (string?)null).ToArray());
            await g.WriteAsync(OldTick, rows.Select(_ => (string?)null).ToArray());
            await g.WriteAsync(NewTick, rows.Select(_ => (string?)null).ToArray());
        }
    }

    private static ReadOnlyMemory<T?> M<T>(IEnumerable<T?> values)
        where T : struct => new([.. values]);

    private static List<MarketEvent> Drain(PmxtArchiveReader feed)
    {
        var list = new List<MarketEvent>();
        while (feed.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task TryRead_RowsSortedByTokenAcrossRowGroupsAndHours_EventsInReceiveOrderForTheSelectedMarketOnly()
    {
        using var dir = new TempDir();
        const string Book = "[{\"price\":\"0.40\",\"size\":\"100\"}]";
        const string Ask = "[{\"price\":\"0.60\",\"size\":\"100\"}]";
        // As archived: sorted by (market, asset_id, receive time), so the YES rows come before the NO rows.
        await WriteAsync(dir.File("polymarket_orderbook_2026-04-13T10.parquet"),
            [new Row(1000, "0xa", "book", "yes", Book, Ask), new Row(3000, "0xa", "price_change", "yes", Price: 0.45m, Size: 50m, Side: "BUY", BestBid: 0.45m, BestAsk: 0.60m),
                new Row(5000, "0xa", "last_trade_price", "yes", Price: 0.45m, Size: 10m, Side: "SELL")],
            [new Row(2000, "0xa", "book", "no", Book, Ask), new Row(4000, "0xa", "price_change", "no", Price: 0.55m, Size: 50m, Side: "SELL", BestBid: 0.40m, BestAsk: 0.55m),
                new Row(1500, "0xb", "book", "other", Book, Ask)]);
        await WriteAsync(dir.File("polymarket_orderbook_2026-04-13T11.parquet"),
            [new Row(3_600_000, "0xa", "price_change", "yes", Price: 0.45m, Size: 0m, Side: "BUY", BestBid: 0.40m, BestAsk: 0.60m)]);
        var feed = new PmxtArchiveReader(Directory.GetFiles(dir.Path).Reverse().ToList(), [new InstrumentSpec(0, "0xa", "yes", "no", 0.01m, 5m)]);

        var events = Drain(feed);

        Assert.True(events.Count == 6, $"rows={feed.Rows} skipped=[{string.Join(",", feed.Skipped)}] files={string.Join(",", Directory.GetFiles(dir.Path).Select(Path.GetFileName))}");
        Assert.Equal(
            [(MarketEventKind.BookSnapshot, Outcome.Yes), (MarketEventKind.BookSnapshot, Outcome.No), (MarketEventKind.LevelChange, Outcome.Yes),
                (MarketEventKind.LevelChange, Outcome.No), (MarketEventKind.Trade, Outcome.Yes), (MarketEventKind.LevelChange, Outcome.Yes)],
            events.Select(e => (e.Kind, e.Token)));
        Assert.Equal(new DateTimeOffset(T0).AddMilliseconds(1000), events[0].TsRecv);
        Assert.Equal(new DateTimeOffset(T0).AddMilliseconds(500), events[0].TsEvent);
        Assert.Equal((Side.Sell, 0.45m, 10m), (events[4].Side, events[4].Price, events[4].Size));
        // Decimal(9,4) 0.4500 is 0.45 exactly; the rebuilt books agree with every stated BBO.
        Assert.Equal(0, feed.Parser.Books.Values.Sum(b => b.BboMismatches));
        Assert.Equal(0.40m, feed.Parser.Books["yes"].Book.BestBid!.Value.Price);
        Assert.False(feed.Parser.Books.ContainsKey("other"));
        Assert.Equal(6, feed.Rows);
    }

    [Fact]
    public async Task TryRead_NoRowOfTheSelectedTokens_NoEvents()
    {
        using var dir = new TempDir();
        await WriteAsync(dir.File("h.parquet"), [new Row(1000, "0xb", "book", "other", "[]", "[]")]);
        var feed = new PmxtArchiveReader([dir.File("h.parquet")], [new InstrumentSpec(0, "0xa", "yes", "no", 0.01m, 5m)]);

        Assert.Empty(Drain(feed));
        Assert.Equal(0, feed.Rows);
    }
}
