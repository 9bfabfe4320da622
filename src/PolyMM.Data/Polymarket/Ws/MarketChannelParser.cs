using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// Turns market-channel frames into <see cref="MarketEvent"/>s and keeps one rebuilt L2 book per token
/// (docs/design.md#websocket-market-channel). A frame is one event object or an array of them; control text
/// (<c>PONG</c>, <c>NO NEW ASSETS</c>) is ignored; a frame that is not JSON, an unknown <c>event_type</c>, a token not
/// in the map or a value that does not parse is counted in <see cref="Skipped"/> and skipped, never thrown. Every
/// number may come as a string or a number and is parsed to an exact decimal. Event time is the message's
/// <c>timestamp</c> (epoch ms; the receive time when absent), receive time is the caller's, and the sequence is the
/// arrival order of the events this parser produced. Not thread-safe: one parser per stream.
/// </summary>
public sealed class MarketChannelParser
{
    private readonly WsTokenMap _tokens;
    private readonly Dictionary<string, AssetBook> _books = new(StringComparer.Ordinal);
    private readonly AssetIndex _booksByUtf8 = new();
    private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LastTrade> _lastTrade = new(StringComparer.Ordinal);
    private readonly Dictionary<int, decimal> _instrumentTick = [];
    private readonly List<(AssetBook Book, decimal? Bid, decimal? Ask)> _stated = [];
    private readonly PriceChangeFastPath _fast = new();
    private long _sequence;
    private bool _restFrame;

    public MarketChannelParser(WsTokenMap tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = tokens;
    }

    /// <summary>Whether current-shape <c>price_change</c> frames take the one-pass reader (tests compare both ways).</summary>
    internal bool FastPath { get; init; } = true;

    /// <summary>Frames the one-pass reader took.</summary>
    internal long FastFrames { get; private set; }

    /// <summary>Frames of <c>last_trade_price</c> prints the one-pass reader took.</summary>
    internal long FastTradeFrames { get; private set; }

    /// <summary>Reasons frames or messages were skipped, with counts (see the class summary).</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    /// <summary>Rebuilt books by token id, for every token a message named (mapped or not).</summary>
    public IReadOnlyDictionary<string, AssetBook> Books => _books;

    /// <summary>Frames handed to the parser.</summary>
    public long Frames { get; private set; }

    /// <summary>Events produced so far (the next event's sequence number).</summary>
    public long EventsProduced => _sequence;

    /// <summary>True while any token of <paramref name="instrument"/> has a crossed or out-of-sync book awaiting its next snapshot.</summary>
    public bool IsPaused(int instrument)
    {
        foreach (var b in _books.Values)
        {
            if ((b.Paused || b.OutOfSync || b.AwaitingSnapshot) && b.Instrument >= 0 && b.Instrument == instrument)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Marks every book out of sync (after a reconnect or a watchdog trip): the next snapshot of each token counts as a
    /// resync.
    /// </summary>
    public void MarkAllOutOfSync()
    {
        foreach (var b in _books.Values)
        {
            b.OutOfSync = true;
        }
    }

    /// <summary>Counts a skip reason (also used by readers for envelope-level problems).</summary>
    public void Count(string reason)
    {
        _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;
    }

    /// <summary>
    /// Parses one frame received at <paramref name="received"/>, appends the events it yields to
    /// <paramref name="output"/> and returns how many. <paramref name="restBook"/>: the frame is a REST <c>/book</c> or
    /// <c>/books</c> answer (objects without <c>event_type</c>), read as snapshots.
    /// </summary>
    public int ParseFrame(string frame, DateTimeOffset received, List<MarketEvent> output, bool restBook = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(output);
        Frames++;
        var span = frame.AsSpan().Trim();
        if (span.Length == 0 || (span[0] != '{' && span[0] != '['))
        {
            Count(IsControl(span) ? "control_text" : "bad_json");
            return 0;
        }

        var before = output.Count;
        if (FastPath && _fast.TryParse(this, frame, received, output, out var trades))
        {
            Fast(trades);
            return output.Count - before;
        }

        return General(JsonDocument.Parse, frame, received, output, restBook, before);
    }

    /// <summary>Parses an envelope's frame, as bytes or as text, at its receive time (a <c>rest_book</c> as REST snapshots).</summary>
    public int ParseFrame(in WsEnvelope envelope, List<MarketEvent> output) => envelope.IsUtf8
        ? ParseFrame(envelope.FrameUtf8, envelope.Received, output, envelope.IsRestBook)
        : ParseFrame(envelope.Frame, envelope.Received, output, envelope.IsRestBook);

    /// <summary>
    /// <see cref="ParseFrame(string, DateTimeOffset, List{MarketEvent}, bool)"/> on the frame's UTF-8 bytes (a recording's
    /// frames stay bytes from the file to here): the same events and counters as the text of those bytes would give.
    /// Bytes that are not valid UTF-8, or that start or end with anything but ASCII, take the text path.
    /// </summary>
    public int ParseFrame(ReadOnlyMemory<byte> frame, DateTimeOffset received, List<MarketEvent> output, bool restBook = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        var bytes = frame.Span;
        var start = 0;
        while (start < bytes.Length && IsAsciiSpace(bytes[start]))
        {
            start++;
        }

        var end = bytes.Length;
        while (end > start && IsAsciiSpace(bytes[end - 1]))
        {
            end--;
        }

        // Only a JSON object or array whose ends are ASCII is read as bytes; text (PONG, damage) is rare and goes the
        // text way, so Unicode trimming and control-text rules stay those of the string path.
        if (end == start || (bytes[start] != (byte)'{' && bytes[start] != (byte)'[') || bytes[end - 1] >= 0x80)
        {
            return ParseFrame(Encoding.UTF8.GetString(bytes), received, output, restBook);
        }

        // The fast path takes only ASCII (its strings reject any other byte), so what it takes is valid UTF-8 already.
        var before = output.Count;
        if (FastPath && _fast.TryParse(this, bytes, received, output, out var trades))
        {
            Frames++;
            Fast(trades);
            return output.Count - before;
        }

        if (!Utf8.IsValid(bytes))
        {
            return ParseFrame(Encoding.UTF8.GetString(bytes), received, output, restBook);
        }

        Frames++;

        return General(JsonDocument.Parse, frame, received, output, restBook, before);
    }

    // The general reader of a frame the fast path did not take: the whole frame as one JSON document (text or bytes).
    private int General<T>(Func<T, JsonDocumentOptions, JsonDocument> parse, T frame, DateTimeOffset received, List<MarketEvent> output,
        bool restBook, int before)
    {
        JsonDocument doc;
        try
        {
            doc = parse(frame, default);
        }
        catch (JsonException)
        {
            Count("bad_json");
            return 0;
        }

        Document(doc, received, output, restBook);
        return output.Count - before;
    }

    private void Fast(bool trades)
    {
        if (trades)
        {
            FastTradeFrames++;
        }
        else
        {
            FastFrames++;
        }
    }

    // The ASCII characters string.Trim removes (char.IsWhiteSpace); the non-ASCII ones are more than one byte in UTF-8.
    private static bool IsAsciiSpace(byte b) => b is (byte)' ' or (>= 0x09 and <= 0x0D);

    private void Document(JsonDocument doc, DateTimeOffset received, List<MarketEvent> output, bool restBook)
    {
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    Message(item, received, output, restBook);
                }
            }
            else
            {
                Message(root, received, output, restBook);
            }
        }
    }

    private static bool IsControl(ReadOnlySpan<char> text) =>
        text.Equals("PONG", StringComparison.OrdinalIgnoreCase) || text.Equals("PING", StringComparison.OrdinalIgnoreCase)
        || text.Equals("NO NEW ASSETS", StringComparison.OrdinalIgnoreCase)
        || (text.Length < 64 && !text.ContainsAny('{', '['));

    private void Message(JsonElement m, DateTimeOffset received, List<MarketEvent> output, bool restBook)
    {
        _restFrame = restBook;
        if (m.ValueKind != JsonValueKind.Object)
        {
            Count("not_an_object");
            return;
        }

        // The common kinds are matched on the UTF-8 text without making a string of it.
        if (!m.TryGetProperty("event_type"u8, out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            if (restBook || (m.TryGetProperty("bids"u8, out _) && m.TryGetProperty("asset_id"u8, out _)))
            {
                BookMessage(m, received, output);
            }
            else
            {
                Count("unknown_event_type");
            }
        }
        else if (kind.ValueEquals("price_change"u8))
        {
            PriceChange(m, received, output);
        }
        else if (kind.ValueEquals("book"u8))
        {
            BookMessage(m, received, output);
        }
        else if (kind.ValueEquals("last_trade_price"u8))
        {
            LastTradePrice(m, received, output);
        }
        else if (kind.ValueEquals("tick_size_change"u8))
        {
            TickSizeChange(m, received, output);
        }
        else if (kind.ValueEquals("best_bid_ask"u8))
        {
            BestBidAsk(m);
        }
        else if (kind.ValueEquals("new_market"u8) || kind.ValueEquals("market_resolved"u8))
        {
            Count("event_" + kind.GetString());
        }
        else
        {
            Count("unknown_event_type");
        }
    }

    private void BookMessage(JsonElement m, DateTimeOffset received, List<MarketEvent> output)
    {
        if (Asset(m, m) is not { } book)
        {
            return;
        }

        var ts = Time(m, received);
        var levels = new BookLevels(Levels(m, "bids"), Levels(m, "asks"));
        // A REST snapshot of a token that already has a book is taken only on a resync (reconnect, watchdog).
        if (book.OutOfSync || book.Paused || book.AwaitingSnapshot || (_restFrame && book.Snapshots > 0))
        {
            book.Resyncs++;
        }

        book.OutOfSync = false;
        book.Paused = false;
        book.AwaitingSnapshot = false;
        book.Book.ApplySnapshot(levels);
        book.Snapshots++;
        if (Dec(m, "tick_size") is { } tick)
        {
            book.TickSize = tick;
        }

        Applied(book, ts);
        CheckCrossed(book);
        if (Mapped(book, out var instrument, out var token))
        {
            output.Add(MarketEvent.BookSnapshot(instrument, token, ts, received, _sequence++, levels));
        }
    }

    private void PriceChange(JsonElement m, DateTimeOffset received, List<MarketEvent> output)
    {
        var ts = Time(m, received);
        BeginStated();
        if (m.TryGetProperty("price_changes", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            // Current shape (docs/design.md#websocket-market-channel): per-entry asset id and the venue's BBO after it.
            foreach (var e in entries.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Object && Asset(e, m, isEntry: true) is { } book && Level(book, e, ts, received, output))
                {
                    State(book, Dec(e, "best_bid"), Dec(e, "best_ask"));
                }
            }
        }
        else if (m.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array)
        {
            // 2024–2025 shape: one asset at top level, entries {price, side, size}.
            if (Asset(m, m) is { } book)
            {
                foreach (var e in changes.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Object)
                    {
                        Level(book, e, ts, received, output);
                    }
                }

                CheckCrossed(book);
            }
        }
        else if (Asset(m, m) is { } book)
        {
            // Flat pre-2025 shape: one change at top level.
            Level(book, m, ts, received, output);
            CheckCrossed(book);
        }

        EndStated();
    }

    /// <summary>Starts a <c>price_change</c>: no token has stated a BBO yet.</summary>
    internal void BeginStated() => _stated.Clear();

    /// <summary>Ends a <c>price_change</c>: each token's last stated BBO against its rebuilt book.</summary>
    internal void EndStated()
    {
        foreach (var (book, bid, ask) in _stated)
        {
            Compare(book, bid, ask);
            CheckCrossed(book);
        }
    }

    internal void State(AssetBook book, decimal? bid, decimal? ask)
    {
        for (var i = 0; i < _stated.Count; i++)
        {
            if (ReferenceEquals(_stated[i].Book, book))
            {
                _stated[i] = (book, bid, ask);
                return;
            }
        }

        _stated.Add((book, bid, ask));
    }

    /// <summary>Applies one level change; false when it was skipped.</summary>
    private bool Level(AssetBook book, JsonElement e, DateTimeOffset ts, DateTimeOffset received, List<MarketEvent> output)
    {
        var price = Dec(e, "price");
        var size = Dec(e, "size");
        var side = SideOf(e);
        if (price is not { } p || size is not { } s || side is not { } sd || s < 0m)
        {
            Count("bad_value");
            return false;
        }

        return ApplyLevel(book, sd, p, s, ts, received, output);
    }

    /// <summary>Applies one parsed level change to its token's book and emits it; false while the book awaits a snapshot.</summary>
    internal bool ApplyLevel(AssetBook book, Side sd, decimal p, decimal s, DateTimeOffset ts, DateTimeOffset received, List<MarketEvent> output)
    {
        if (book.AwaitingSnapshot)
        {
            Count("awaiting_snapshot");
            return false;
        }

        book.Book.ApplyLevel(sd, p, s);
        Applied(book, ts);
        if (Mapped(book, out var instrument, out var token))
        {
            output.Add(MarketEvent.LevelChange(instrument, token, ts, received, _sequence++, sd, p, s));
        }

        return true;
    }

    private void LastTradePrice(JsonElement m, DateTimeOffset received, List<MarketEvent> output)
    {
        if (Asset(m, m) is not { } book)
        {
            return;
        }

        var price = Dec(m, "price");
        var size = Dec(m, "size");
        var side = SideOf(m);
        if (price is not { } p || size is not { } s || side is not { } sd || s <= 0m)
        {
            Count("bad_value");
            return;
        }

        var ts = Time(m, received);
        ApplyTrade(book, sd, p, s, ts, Str(m, "transaction_hash"), received, output);
    }

    /// <summary>Applies one parsed print (size &gt; 0): skipped as a mirror or a duplicate, else a trade event.</summary>
    internal void ApplyTrade(AssetBook book, Side sd, decimal p, decimal s, DateTimeOffset ts, string? tx, DateTimeOffset received, List<MarketEvent> output)
    {
        var marketKey = book.Market ?? book.AssetId;
        var trade = new LastTrade(book.AssetId, ts, p, s, tx);
        if (_lastTrade.TryGetValue(marketKey, out var prev))
        {
            // One match is printed once per token (YES at p, NO at 1 − p): the second print of a pair is the same
            // trade seen from the other token and is not a trade of its own (docs/design.md#websocket-market-channel).
            var sameTx = prev.TxHash is null || tx is null || string.Equals(prev.TxHash, tx, StringComparison.Ordinal);
            if (sameTx && prev.AssetId != book.AssetId && prev.Ts == ts && prev.Size == s && prev.Price + p == 1m && !prev.Paired)
            {
                _lastTrade[marketKey] = prev with { Paired = true };
                Count("mirrored_trade");
                return;
            }

            if (tx is not null && prev.AssetId == book.AssetId && prev.TxHash == tx && prev.Ts == ts && prev.Size == s && prev.Price == p)
            {
                Count("duplicate_trade");
                return;
            }
        }

        _lastTrade[marketKey] = trade;
        Applied(book, ts);
        if (Mapped(book, out var instrument, out var token))
        {
            output.Add(MarketEvent.Trade(instrument, token, ts, received, _sequence++, sd, p, s, tx));
        }
    }

    private void TickSizeChange(JsonElement m, DateTimeOffset received, List<MarketEvent> output)
    {
        if (Asset(m, m) is not { } book)
        {
            return;
        }

        if (Dec(m, "new_tick_size") is not { } tick || tick <= 0m)
        {
            Count("bad_value");
            return;
        }

        var ts = Time(m, received);
        // A new epoch: the old levels are on the old grid; nothing is applied until the next snapshot.
        book.Book.Clear();
        book.Epoch++;
        book.TickSize = tick;
        book.AwaitingSnapshot = true;
        book.OutOfSync = false;
        book.Paused = false;
        Applied(book, ts);
        if (Mapped(book, out var instrument, out _))
        {
            // Both tokens of a market announce the change; the market has one tick, so it is one event.
            if (_instrumentTick.TryGetValue(instrument, out var current) && current == tick)
            {
                return;
            }

            _instrumentTick[instrument] = tick;
            output.Add(MarketEvent.TickSizeChange(instrument, ts, received, _sequence++, tick));
        }
    }

    private void BestBidAsk(JsonElement m)
    {
        if (Asset(m, m) is { } book && !book.AwaitingSnapshot)
        {
            Compare(book, Dec(m, "best_bid"), Dec(m, "best_ask"));
        }
    }

    /// <summary>The venue's stated BBO against the rebuilt one; an empty side is stated as 0 (bid) or 1 (ask).</summary>
    private static void Compare(AssetBook book, decimal? bid, decimal? ask)
    {
        if (bid is null && ask is null)
        {
            return;
        }

        var ourBid = book.Book.BestBid?.Price ?? 0m;
        var ourAsk = book.Book.BestAsk?.Price ?? 1m;
        if ((bid is { } b && b != ourBid) || (ask is { } a && a != ourAsk))
        {
            book.BboMismatches++;
            book.OutOfSync = true;
        }
    }

    private static void CheckCrossed(AssetBook book)
    {
        if (book.Book.IsCrossed && !book.Paused)
        {
            book.Crossed++;
            book.Paused = true;
        }
    }

    private static void Applied(AssetBook book, DateTimeOffset ts)
    {
        book.Events++;
        book.LastEventTime = ts;
    }

    private bool Mapped(AssetBook book, out int instrument, out Outcome token)
    {
        instrument = book.Instrument;
        token = book.Token;
        if (instrument >= 0)
        {
            return true;
        }

        Count("unknown_asset");
        return false;
    }

    /// <summary>
    /// The book of the token <paramref name="holder"/> names (else the one its <paramref name="message"/> names at top
    /// level); the message's <c>market</c> is read only for a book that does not know its market yet. A known token is
    /// looked up from the UTF-8 text without allocating.
    /// </summary>
    private AssetBook? Asset(JsonElement holder, JsonElement message, bool isEntry = false)
    {
        AssetBook? book = null;
        string? id = null;
        if (Raw(holder, "asset_id"u8, out var raw) || (isEntry && Raw(message, "asset_id"u8, out raw)))
        {
            if (raw.Length > 0)
            {
                _booksByUtf8.TryGet(raw, out book);
            }
        }

        if (book is null)
        {
            id = Str(holder, "asset_id") ?? (isEntry ? Str(message, "asset_id") : null);
            if (string.IsNullOrEmpty(id))
            {
                Count("no_asset_id");
                return null;
            }

            if (!_books.TryGetValue(id, out book))
            {
                return NewBook(id, Str(message, "market"));
            }
        }

        if (book.Market is null && Str(message, "market") is { } market)
        {
            book.Market = market;
        }

        return book;
    }

    /// <summary>The book of the token whose id is <paramref name="assetUtf8"/>; a new token's book is created with its market.</summary>
    internal AssetBook BookOf(ReadOnlySpan<byte> assetUtf8, ReadOnlySpan<byte> marketUtf8)
    {
        if (!_booksByUtf8.TryGet(assetUtf8, out var book) || book is null)
        {
            var id = Encoding.UTF8.GetString(assetUtf8);
            if (!_books.TryGetValue(id, out book))
            {
                return NewBook(id, marketUtf8.IsEmpty ? null : Encoding.UTF8.GetString(marketUtf8));
            }
        }

        if (book.Market is null && !marketUtf8.IsEmpty)
        {
            book.Market = Encoding.UTF8.GetString(marketUtf8);
        }

        return book;
    }

    /// <summary>A new token's book, in both indexes, with its place in the token map resolved once.</summary>
    private AssetBook NewBook(string id, string? market)
    {
        var mapped = _tokens.TryGet(id, out var instrument, out var token);
        var book = new AssetBook(id, market) { Instrument = mapped ? instrument : -1, Token = mapped ? token : Outcome.Yes };
        _books[id] = book;
        _booksByUtf8.Add(book);
        return book;
    }

    /// <summary>Event time from epoch milliseconds (a value too small to be ms since 1973 is seconds); false when out of range.</summary>
    internal static bool EpochTime(long v, out DateTimeOffset ts)
    {
        if (v is < 0 or > 253_402_300_799_999)
        {
            ts = default;
            return false;
        }

        ts = DateTimeOffset.FromUnixTimeMilliseconds(v < 100_000_000_000 ? v * 1000 : v);
        return true;
    }

    /// <summary>The raw UTF-8 of a string property without quotes (false when absent, not a string, or escaped).</summary>
    private static bool Raw(JsonElement m, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty(name, out var v) && Unescaped(v, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A string value's UTF-8 between its quotes, when it has no escape sequence (then it is the text itself).</summary>
    private static bool Unescaped(JsonElement v, out ReadOnlySpan<byte> value)
    {
        value = v.ValueKind == JsonValueKind.String ? JsonMarshal.GetRawUtf8Value(v)[1..^1] : default;
        return v.ValueKind == JsonValueKind.String && !value.Contains((byte)'\\');
    }

    private PriceLevel[] Levels(JsonElement m, string name)
    {
        if (!m.TryGetProperty(name, out var arr) || arr.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<PriceLevel>(arr.GetArrayLength());
        foreach (var l in arr.EnumerateArray())
        {
            if (l.ValueKind == JsonValueKind.Object && Dec(l, "price") is { } p && Dec(l, "size") is { } s && s >= 0m)
            {
                list.Add(new PriceLevel(p, s));
            }
            else
            {
                Count("bad_value");
            }
        }

        return [.. list];
    }

    private DateTimeOffset Time(JsonElement m, DateTimeOffset received)
    {
        if (Raw(m, "timestamp"u8, out var raw) && Utf8Parser.TryParse(raw, out long ms, out var used) && used == raw.Length && EpochTime(ms, out var fast))
        {
            return fast;
        }

        var text = Str(m, "timestamp");
        if (text is null)
        {
            return received;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 0 || v > 253_402_300_799_999)
        {
            Count("bad_timestamp");
            return received;
        }

        // Epoch milliseconds; a value too small to be milliseconds since 1973 is read as seconds.
        return DateTimeOffset.FromUnixTimeMilliseconds(v < 100_000_000_000 ? v * 1000 : v);
    }

    private static Side? SideOf(JsonElement m)
    {
        if (m.TryGetProperty("side"u8, out var v) && v.ValueKind == JsonValueKind.String)
        {
            if (v.ValueEquals("BUY"u8))
            {
                return Side.Buy;
            }

            if (v.ValueEquals("SELL"u8))
            {
                return Side.Sell;
            }
        }

        return SideOf(Str(m, "side"));
    }

    private static Side? SideOf(string? side) =>
        string.Equals(side, "BUY", StringComparison.OrdinalIgnoreCase) ? Side.Buy
        : string.Equals(side, "SELL", StringComparison.OrdinalIgnoreCase) ? Side.Sell
        : null;

    private static string? Str(JsonElement m, string name)
    {
        if (!m.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }

    private static decimal? Dec(JsonElement m, string name)
    {
        if (!m.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            return v.TryGetDecimal(out var d) ? d : null;
        }

        // The usual case, "0.47": parsed from the UTF-8 text; anything else (spaces, exponents, escapes) the long way.
        if (Unescaped(v, out var raw))
        {
            if (raw.Length > 0 && Utf8Parser.TryParse(raw, out decimal fast, out var used) && used == raw.Length)
            {
                return fast;
            }
        }

        return v.ValueKind == JsonValueKind.String
            && decimal.TryParse(v.GetString().AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
    }

    private readonly record struct LastTrade(string AssetId, DateTimeOffset Ts, decimal Price, decimal Size, string? TxHash, bool Paired = false);
}
