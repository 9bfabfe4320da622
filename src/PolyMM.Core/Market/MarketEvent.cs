using System.Diagnostics.CodeAnalysis;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Market;

/// <summary>
/// One market event (docs/design.md#market-events): a tagged union of the kinds in <see cref="MarketEventKind"/>, kept as
/// one struct so a feed can hand events to the engine without allocating. Every event has the instrument (the market's
/// index in the run), the token it is about, its event time (the venue's timestamp; what the engine orders and runs on),
/// its receive time (when we got it; equal to the event time for fixtures without one) and a sequence number (the
/// source order, which breaks ties between equal event times). Which payload fields mean something depends on
/// <see cref="Kind"/>:
/// <list type="bullet">
/// <item><see cref="MarketEventKind.TopOfBook"/>: <see cref="Top"/>.</item>
/// <item><see cref="MarketEventKind.BookSnapshot"/>: <see cref="Book"/>.</item>
/// <item><see cref="MarketEventKind.LevelChange"/>: <see cref="Side"/> (Buy = the bid side), <see cref="Price"/>, <see cref="Size"/> (the new size; 0 removes the level).</item>
/// <item><see cref="MarketEventKind.Trade"/>: <see cref="Side"/> (the taker's side), <see cref="Price"/>, <see cref="Size"/> (shares), <see cref="TxHash"/> (optional).</item>
/// <item><see cref="MarketEventKind.TickSizeChange"/>: <see cref="TickSize"/> (the new tick).</item>
/// </list>
/// </summary>
public readonly struct MarketEvent
{
    private MarketEvent(MarketEventKind kind, int instrument, Outcome token, DateTimeOffset tsEvent, DateTimeOffset tsRecv, long sequence,
        in Snapshot top, BookLevels? book, Side side, decimal price, decimal size, string? txHash, decimal tickSize)
    {
        Kind = kind;
        Instrument = instrument;
        Token = token;
        TsEvent = tsEvent;
        TsRecv = tsRecv;
        Sequence = sequence;
        _top = top;
        Book = book;
        Side = side;
        Price = price;
        Size = size;
        TxHash = txHash;
        TickSize = tickSize;
    }

    public MarketEventKind Kind { get; }
    public int Instrument { get; }
    public Outcome Token { get; }
    public DateTimeOffset TsEvent { get; }
    public DateTimeOffset TsRecv { get; }
    public long Sequence { get; }
    private readonly Snapshot _top;

    /// <summary>
    /// The row of a top-of-book event, by reference: a snapshot is a large struct and the engine reads it several times per
    /// event (docs/design.md#performance-notes), so it is not copied on each read.
    /// </summary>
    [UnscopedRef]
    public ref readonly Snapshot Top => ref _top;
    public BookLevels? Book { get; }
    public Side Side { get; }
    public decimal Price { get; }
    public decimal Size { get; }
    public string? TxHash { get; }
    public decimal TickSize { get; }

    /// <summary>A legacy top-of-book row of the YES token; its event time is the row's <see cref="Snapshot.Ts"/>.</summary>
    public static MarketEvent TopOfBook(int instrument, in Snapshot top, long sequence, DateTimeOffset? tsRecv = null) =>
        new(MarketEventKind.TopOfBook, instrument, Outcome.Yes, top.Ts, tsRecv ?? top.Ts, sequence, top, null, default, 0m, 0m, null, 0m);

    public static MarketEvent BookSnapshot(int instrument, Outcome token, DateTimeOffset tsEvent, DateTimeOffset tsRecv, long sequence, BookLevels book) =>
        new(MarketEventKind.BookSnapshot, instrument, token, tsEvent, tsRecv, sequence, default, book, default, 0m, 0m, null, 0m);

    public static MarketEvent LevelChange(int instrument, Outcome token, DateTimeOffset tsEvent, DateTimeOffset tsRecv, long sequence,
        Side bookSide, decimal price, decimal newSize) =>
        new(MarketEventKind.LevelChange, instrument, token, tsEvent, tsRecv, sequence, default, null, bookSide, price, newSize, null, 0m);

    public static MarketEvent Trade(int instrument, Outcome token, DateTimeOffset tsEvent, DateTimeOffset tsRecv, long sequence,
        Side takerSide, decimal price, decimal size, string? txHash = null) =>
        new(MarketEventKind.Trade, instrument, token, tsEvent, tsRecv, sequence, default, null, takerSide, price, size, txHash, 0m);

    public static MarketEvent TickSizeChange(int instrument, DateTimeOffset tsEvent, DateTimeOffset tsRecv, long sequence, decimal newTick) =>
        new(MarketEventKind.TickSizeChange, instrument, Outcome.Yes, tsEvent, tsRecv, sequence, default, null, default, 0m, 0m, null, newTick);
}
