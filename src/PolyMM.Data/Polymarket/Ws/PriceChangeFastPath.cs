using System.Buffers;
using System.Buffers.Text;
using System.Text;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The market channel's most frequent frame — one current-shape <c>price_change</c> object — read in one forward pass
/// over its UTF-8 bytes by a scanner of its own instead of a JSON document (docs/design.md#websocket-market-channel,
/// "Fast path"). It only accepts what it can read exactly: the whole frame is scanned before anything is applied, and
/// a frame with anything else — another event type, an array, an older shape, an entry without its token, price, side
/// or size, a key given twice, a bad value, any backslash, control or non-ASCII byte, a nested unknown value, invalid
/// JSON — is left untouched for the general parser, which counts and skips exactly as before. Applying goes through
/// the parser's own book, BBO and emit steps, so both paths give the same events and counters.
/// </summary>
internal sealed class PriceChangeFastPath
{
    // What ends a plain string: its closing quote, or a byte the scanner does not take (escape, control, non-ASCII).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(StopBytes());

    private Entry[] _entries = new Entry[16];
    private int _count;
    private Print[] _prints = new Print[4];
    private int _tradeCount;
    private string? _lastTx;
    private byte[] _utf8 = new byte[4096];

    public bool TryParse(MarketChannelParser parser, string frame, DateTimeOffset received, List<MarketEvent> output, out bool trades)
    {
        var max = Encoding.UTF8.GetMaxByteCount(frame.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var n = Encoding.UTF8.GetBytes(frame, _utf8);
        return TryParse(parser, _utf8.AsSpan(0, n), received, output, out trades);
    }

    /// <summary>A <c>price_change</c> object, or <c>last_trade_price</c> prints (<paramref name="trades"/>), read and applied; false leaves the frame untouched.</summary>
    public bool TryParse(MarketChannelParser parser, ReadOnlySpan<byte> bytes, DateTimeOffset received, List<MarketEvent> output, out bool trades)
    {
        trades = false;
        _count = 0;
        if (!Scan(bytes, out var market, out var ms))
        {
            _tradeCount = 0;
            if (!ScanTrades(bytes))
            {
                return false;
            }

            trades = true;
            ApplyTrades(parser, bytes, received, output);
            return true;
        }

        var ts = received;
        if (ms >= 0 && !MarketChannelParser.EpochTime(ms, out ts))
        {
            return false;
        }

        parser.BeginStated();
        var marketUtf8 = bytes[market];
        for (var n = 0; n < _count; n++)
        {
            ref readonly var e = ref _entries[n];
            var book = parser.BookOf(bytes.Slice(e.AssetStart, e.AssetLength), marketUtf8);
            if (parser.ApplyLevel(book, e.Side, e.Price, e.Size, ts, received, output))
            {
                parser.State(book, e.HasBid ? e.BestBid : null, e.HasAsk ? e.BestAsk : null);
            }
        }

        parser.EndStated();
        return true;
    }

    /// <summary>Reads the frame into <see cref="_entries"/>; false at the first thing the fast path does not take.</summary>
    private bool Scan(ReadOnlySpan<byte> s, out Range market, out long ms)
    {
        market = default;
        ms = -1;
        var i = 0;
        if (!Next(s, ref i, (byte)'{'))
        {
            return false;
        }

        bool isPriceChange = false, hasEntries = false, hasMarket = false, hasTs = false;
        while (true)
        {
            if (!Key(s, ref i, out var keyStart, out var keyLength))
            {
                return false;
            }

            var k = s.Slice(keyStart, keyLength);
            if (k.SequenceEqual("event_type"u8))
            {
                if (isPriceChange || !String(s, ref i, out var kindStart, out var kindLength) || !s.Slice(kindStart, kindLength).SequenceEqual("price_change"u8))
                {
                    return false;
                }

                isPriceChange = true;
            }
            else if (k.SequenceEqual("market"u8))
            {
                if (hasMarket || !String(s, ref i, out var marketStart, out var marketLength))
                {
                    return false;
                }

                market = marketStart..(marketStart + marketLength);
                hasMarket = true;
            }
            else if (k.SequenceEqual("timestamp"u8))
            {
                if (hasTs || !Scalar(s, ref i, out var raw) || !Utf8Parser.TryParse(s[raw], out long v, out var used) || used != raw.End.Value - raw.Start.Value
                    || v < 0)
                {
                    return false;
                }

                ms = v;
                hasTs = true;
            }
            else if (k.SequenceEqual("price_changes"u8))
            {
                if (hasEntries || !Entries(s, ref i))
                {
                    return false;
                }

                hasEntries = true;
            }
            else if (k.SequenceEqual("changes"u8) || k.SequenceEqual("asset_id"u8) || k.SequenceEqual("price"u8))
            {
                // An older shape: the general parser reads those.
                return false;
            }
            else if (!Skip(s, ref i))
            {
                return false;
            }

            if (Next(s, ref i, (byte)','))
            {
                continue;
            }

            // The object must end the frame (trailing text is the general parser's bad_json).
            if (!Next(s, ref i, (byte)'}'))
            {
                return false;
            }

            SkipSpace(s, ref i);
            return i == s.Length && isPriceChange && hasEntries && _count > 0;
        }
    }

    private bool Entries(ReadOnlySpan<byte> s, ref int i)
    {
        if (!Next(s, ref i, (byte)'['))
        {
            return false;
        }

        if (Next(s, ref i, (byte)']'))
        {
            return true;
        }

        while (true)
        {
            if (!Next(s, ref i, (byte)'{') || !EntryBody(s, ref i))
            {
                return false;
            }

            if (Next(s, ref i, (byte)','))
            {
                continue;
            }

            return Next(s, ref i, (byte)']');
        }
    }

    /// <summary>One entry after its opening brace, through its closing one; every value it needs must read cleanly.</summary>
    private bool EntryBody(ReadOnlySpan<byte> s, ref int i)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        ref var e = ref _entries[_count];
        e = default;
        bool hasAsset = false, hasPrice = false, hasSize = false, hasSide = false;
        while (true)
        {
            switch (EntryKey(s, ref i))
            {
                case Field.Invalid:
                    return false;
                case Field.AssetId:
                    if (hasAsset || !String(s, ref i, out e.AssetStart, out e.AssetLength) || e.AssetLength == 0)
                    {
                        return false;
                    }

                    hasAsset = true;
                    break;
                case Field.Price:
                    if (hasPrice || !Decimal(s, ref i, out e.Price))
                    {
                        return false;
                    }

                    hasPrice = true;
                    break;
                case Field.Size:
                    if (hasSize || !Decimal(s, ref i, out e.Size) || e.Size < 0m)
                    {
                        return false;
                    }

                    hasSize = true;
                    break;
                case Field.Side:
                    if (hasSide)
                    {
                        return false;
                    }

                    SkipSpace(s, ref i);
                    if (s[i..].StartsWith("\"BUY\""u8))
                    {
                        e.Side = Side.Buy;
                        i += 5;
                    }
                    else if (s[i..].StartsWith("\"SELL\""u8))
                    {
                        e.Side = Side.Sell;
                        i += 6;
                    }
                    else
                    {
                        return false;
                    }

                    hasSide = true;
                    break;
                case Field.BestBid:
                    if (e.HasBid || !Decimal(s, ref i, out e.BestBid))
                    {
                        return false;
                    }

                    e.HasBid = true;
                    break;
                case Field.BestAsk:
                    if (e.HasAsk || !Decimal(s, ref i, out e.BestAsk))
                    {
                        return false;
                    }

                    e.HasAsk = true;
                    break;
                default:
                    if (!Skip(s, ref i))
                    {
                        return false;
                    }

                    break;
            }

            if (Next(s, ref i, (byte)','))
            {
                continue;
            }

            if (!Next(s, ref i, (byte)'}') || !(hasAsset && hasPrice && hasSize && hasSide))
            {
                return false;
            }

            _count++;
            return true;
        }
    }

    /// <summary>
    /// An entry's key and its colon: which field it names. The venue's own keys are matched in place (quote, name,
    /// quote, colon); any other spelling is read as a key and then named.
    /// </summary>
    private static Field EntryKey(ReadOnlySpan<byte> s, ref int i)
    {
        if ((uint)i < (uint)s.Length && s[i] == (byte)'"' && (uint)(i + 1) < (uint)s.Length)
        {
            var rest = s[(i + 1)..];
            var (field, length) = rest[0] switch
            {
                (byte)'a' when rest.StartsWith("asset_id\":"u8) => (Field.AssetId, 10),
                (byte)'p' when rest.StartsWith("price\":"u8) => (Field.Price, 7),
                (byte)'s' when rest.StartsWith("side\":"u8) => (Field.Side, 6),
                (byte)'s' when rest.StartsWith("size\":"u8) => (Field.Size, 6),
                (byte)'b' when rest.StartsWith("best_bid\":"u8) => (Field.BestBid, 10),
                (byte)'b' when rest.StartsWith("best_ask\":"u8) => (Field.BestAsk, 10),
                _ => (Field.Other, 0),
            };
            if (length > 0)
            {
                i += 1 + length;
                return field;
            }
        }

        return Key(s, ref i, out var start, out var keyLength) ? EntryField(s.Slice(start, keyLength)) : Field.Invalid;
    }

    /// <summary>Which field of an entry a key names (by length first: the keys are few and short).</summary>
    private static Field EntryField(ReadOnlySpan<byte> k) => k.Length switch
    {
        8 => k.SequenceEqual("asset_id"u8) ? Field.AssetId : k.SequenceEqual("best_bid"u8) ? Field.BestBid : k.SequenceEqual("best_ask"u8) ? Field.BestAsk : Field.Other,
        5 => k.SequenceEqual("price"u8) ? Field.Price : Field.Other,
        4 => k.SequenceEqual("size"u8) ? Field.Size : k.SequenceEqual("side"u8) ? Field.Side : Field.Other,
        _ => Field.Other,
    };

    /// <summary>
    /// One <c>last_trade_price</c> object or an array of them, every print plain: token, price, side, size &gt; 0, a
    /// timestamp string when given, market and transaction hash strings when given.
    /// </summary>
    private bool ScanTrades(ReadOnlySpan<byte> s)
    {
        var i = 0;
        SkipSpace(s, ref i);
        if (Next(s, ref i, (byte)'['))
        {
            if (Next(s, ref i, (byte)']'))
            {
                return false;
            }

            while (true)
            {
                if (!Next(s, ref i, (byte)'{') || !PrintBody(s, ref i))
                {
                    return false;
                }

                if (Next(s, ref i, (byte)','))
                {
                    continue;
                }

                if (!Next(s, ref i, (byte)']'))
                {
                    return false;
                }

                break;
            }
        }
        else if (!Next(s, ref i, (byte)'{') || !PrintBody(s, ref i))
        {
            return false;
        }

        SkipSpace(s, ref i);
        return i == s.Length && _tradeCount > 0;
    }

    /// <summary>One print after its opening brace, through its closing one.</summary>
    private bool PrintBody(ReadOnlySpan<byte> s, ref int i)
    {
        if (_tradeCount == _prints.Length)
        {
            Array.Resize(ref _prints, _tradeCount * 2);
        }

        ref var p = ref _prints[_tradeCount];
        p = default;
        p.Ms = -1;
        bool isTrade = false, hasAsset = false, hasMarket = false, hasPrice = false, hasSize = false, hasSide = false, hasTs = false, hasTx = false;
        while (true)
        {
            if (!Key(s, ref i, out var keyStart, out var keyLength))
            {
                return false;
            }

            var k = s.Slice(keyStart, keyLength);
            bool ok;
            if (k.SequenceEqual("event_type"u8))
            {
                ok = !isTrade && String(s, ref i, out var kindStart, out var kindLength) && s.Slice(kindStart, kindLength).SequenceEqual("last_trade_price"u8);
                isTrade = true;
            }
            else if (k.SequenceEqual("asset_id"u8))
            {
                ok = !hasAsset && String(s, ref i, out p.AssetStart, out p.AssetLength) && p.AssetLength > 0;
                hasAsset = true;
            }
            else if (k.SequenceEqual("market"u8))
            {
                ok = !hasMarket && String(s, ref i, out p.MarketStart, out p.MarketLength);
                hasMarket = true;
            }
            else if (k.SequenceEqual("price"u8))
            {
                ok = !hasPrice && Decimal(s, ref i, out p.Price);
                hasPrice = true;
            }
            else if (k.SequenceEqual("size"u8))
            {
                ok = !hasSize && Decimal(s, ref i, out p.Size) && p.Size > 0m;
                hasSize = true;
            }
            else if (k.SequenceEqual("side"u8))
            {
                var sideStart = 0;
                var sideLength = 0;
                ok = !hasSide && String(s, ref i, out sideStart, out sideLength);
                var v = s.Slice(sideStart, sideLength);
                p.Side = v.SequenceEqual("BUY"u8) ? Side.Buy : Side.Sell;
                ok = ok && (v.SequenceEqual("BUY"u8) || v.SequenceEqual("SELL"u8));
                hasSide = true;
            }
            else if (k.SequenceEqual("timestamp"u8))
            {
                ok = !hasTs && String(s, ref i, out var tsStart, out var tsLength) && tsLength > 0
                    && Utf8Parser.TryParse(s.Slice(tsStart, tsLength), out p.Ms, out var used) && used == tsLength
                    && p.Ms >= 0 && MarketChannelParser.EpochTime(p.Ms, out _);
                hasTs = true;
            }
            else if (k.SequenceEqual("transaction_hash"u8))
            {
                ok = !hasTx && String(s, ref i, out p.TxStart, out p.TxLength);
                hasTx = true;
            }
            else
            {
                ok = Skip(s, ref i);
            }

            if (!ok)
            {
                return false;
            }

            if (Next(s, ref i, (byte)','))
            {
                continue;
            }

            if (!Next(s, ref i, (byte)'}') || !(isTrade && hasAsset && hasPrice && hasSize && hasSide))
            {
                return false;
            }

            _tradeCount++;
            return true;
        }
    }

    /// <summary>The scanned prints in order, through the parser's own trade step (mirror and duplicate rules included).</summary>
    private void ApplyTrades(MarketChannelParser parser, ReadOnlySpan<byte> bytes, DateTimeOffset received, List<MarketEvent> output)
    {
        for (var n = 0; n < _tradeCount; n++)
        {
            ref readonly var p = ref _prints[n];
            var book = parser.BookOf(bytes.Slice(p.AssetStart, p.AssetLength), bytes.Slice(p.MarketStart, p.MarketLength));
            var ts = received;
            if (p.Ms >= 0)
            {
                MarketChannelParser.EpochTime(p.Ms, out ts);
            }

            // An empty hash is no hash, as the general reader takes it. The mirrored print carries the hash just read:
            // its string is reused (the bytes are ASCII, so equal text is equal bytes).
            string? tx = null;
            if (p.TxLength > 0)
            {
                var hash = bytes.Slice(p.TxStart, p.TxLength);
                tx = _lastTx is { } last && System.Text.Ascii.Equals(hash, last) ? last : Encoding.UTF8.GetString(hash);
                _lastTx = tx;
            }

            parser.ApplyTrade(book, p.Side, p.Price, p.Size, ts, tx, received, output);
        }
    }

    private static void SkipSpace(ReadOnlySpan<byte> s, ref int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }
    }

    /// <summary>After optional JSON whitespace, <paramref name="c"/>: consumed and true; else nothing consumed but the space.</summary>
    private static bool Next(ReadOnlySpan<byte> s, ref int i, byte c)
    {
        if ((uint)i < (uint)s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        SkipSpace(s, ref i);
        if (i < s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }

    /// <summary>A property name and its colon.</summary>
    private static bool Key(ReadOnlySpan<byte> s, ref int i, out int start, out int length) =>
        String(s, ref i, out start, out length) && Next(s, ref i, (byte)':');

    /// <summary>A plain string (no escape, control or non-ASCII byte): where its text starts between the quotes, and its length.</summary>
    private static bool String(ReadOnlySpan<byte> s, ref int i, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (!Next(s, ref i, (byte)'"'))
        {
            return false;
        }

        var end = s[i..].IndexOfAny(StringStops);
        if (end < 0 || s[i + end] != (byte)'"')
        {
            return false;
        }

        start = i;
        length = end;
        i += end + 1;
        return true;
    }

    private static bool String(ReadOnlySpan<byte> s, ref int i, out Range range)
    {
        var ok = String(s, ref i, out var start, out var length);
        range = start..(start + length);
        return ok;
    }

    /// <summary>A plain string's text or a JSON number's text.</summary>
    private static bool Scalar(ReadOnlySpan<byte> s, ref int i, out Range raw)
    {
        SkipSpace(s, ref i);
        if (i < s.Length && s[i] == (byte)'"')
        {
            return String(s, ref i, out raw);
        }

        return Number(s, ref i, out raw);
    }

    /// <summary>A JSON number, by the grammar <c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool Number(ReadOnlySpan<byte> s, ref int i, out Range raw)
    {
        raw = default;
        var start = i;
        var j = i;
        if (j < s.Length && s[j] == (byte)'-')
        {
            j++;
        }

        if (j >= s.Length || !IsDigit(s[j]))
        {
            return false;
        }

        if (s[j] == (byte)'0')
        {
            j++;
        }
        else
        {
            while (j < s.Length && IsDigit(s[j]))
            {
                j++;
            }
        }

        if (j < s.Length && s[j] == (byte)'.')
        {
            j++;
            if (!Digits(s, ref j))
            {
                return false;
            }
        }

        if (j < s.Length && s[j] is (byte)'e' or (byte)'E')
        {
            j++;
            if (j < s.Length && s[j] is (byte)'+' or (byte)'-')
            {
                j++;
            }

            if (!Digits(s, ref j))
            {
                return false;
            }
        }

        raw = start..j;
        i = j;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, ref int j)
    {
        var from = j;
        while (j < s.Length && IsDigit(s[j]))
        {
            j++;
        }

        return j > from;
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    /// <summary>The value of a key the fast path does not read: a plain string, a number or a literal (nested values are not taken).</summary>
    private static bool Skip(ReadOnlySpan<byte> s, ref int i)
    {
        SkipSpace(s, ref i);
        if (i >= s.Length)
        {
            return false;
        }

        var rest = s[i..];
        if (rest.StartsWith("true"u8) || rest.StartsWith("null"u8))
        {
            i += 4;
            return true;
        }

        if (rest.StartsWith("false"u8))
        {
            i += 5;
            return true;
        }

        return Scalar(s, ref i, out _);
    }

    /// <summary>The next value as an exact decimal: a plain string like "0.47" or a JSON number, read as <see cref="Utf8Parser"/> reads it.</summary>
    private static bool Decimal(ReadOnlySpan<byte> s, ref int i, out decimal value)
    {
        // The usual "0.47": its digits up to the closing quote, then the fixed-point reader; anything else the long way.
        if ((uint)i < (uint)s.Length && s[i] == (byte)'"')
        {
            var j = i + 1;
            while ((uint)j < (uint)s.Length && (IsDigit(s[j]) || s[j] == (byte)'.'))
            {
                j++;
            }

            if ((uint)j < (uint)s.Length && s[j] == (byte)'"' && Utf8Fixed.TryParseDecimal(s[(i + 1)..j], out value))
            {
                i = j + 1;
                return true;
            }
        }

        value = 0m;
        return Scalar(s, ref i, out var raw) && Utf8Decimal(s[raw], out value);
    }

    /// <summary>
    /// The whole of <paramref name="text"/> as a decimal: the fixed-point reader for plain digits (same value and scale),
    /// else <see cref="Utf8Parser"/> as the general parser reads a value (docs/design.md#performance-notes).
    /// </summary>
    internal static bool Utf8Decimal(ReadOnlySpan<byte> text, out decimal value)
    {
        if (Utf8Fixed.TryParseDecimal(text, out value))
        {
            return true;
        }

        return text.Length > 0 && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    private static byte[] StopBytes()
    {
        var stops = new List<byte> { (byte)'"', (byte)'\\' };
        for (var b = 0; b < 0x20; b++)
        {
            stops.Add((byte)b);
        }

        for (var b = 0x7F; b <= 0xFF; b++)
        {
            stops.Add((byte)b);
        }

        return [.. stops];
    }

    private enum Field
    {
        Invalid,
        Other,
        AssetId,
        Price,
        Size,
        Side,
        BestBid,
        BestAsk,
    }

    private struct Print
    {
        public int AssetStart;
        public int AssetLength;
        public int MarketStart;
        public int MarketLength;
        public int TxStart;
        public int TxLength;
        public long Ms;
        public decimal Price;
        public decimal Size;
        public Side Side;
    }

    private struct Entry
    {
        public int AssetStart;
        public int AssetLength;
        public decimal Price;
        public decimal Size;
        public Side Side;
        public bool HasBid;
        public bool HasAsk;
        public decimal BestBid;
        public decimal BestAsk;
    }
}
