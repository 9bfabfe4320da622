using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The market channel's most frequent frame — one current-shape <c>price_change</c> object — read in one forward pass
/// of a <see cref="Utf8JsonReader"/> instead of a JSON document (docs/design.md#websocket-market-channel, "Fast path").
/// It only accepts what it can read exactly: the whole frame is scanned before anything is applied, and a frame with
/// anything else — another event type, an array, an older shape, an entry without its token, price, side or size, a
/// bad value, an escaped string, invalid JSON — is left untouched for the general parser, which counts and skips
/// exactly as before. Applying goes through the parser's own book, BBO and emit steps, so both paths give the same
/// events and counters.
/// </summary>
internal sealed class PriceChangeFastPath
{
    private readonly List<Entry> _entries = new(16);
    private byte[] _utf8 = new byte[4096];

    public bool TryParse(MarketChannelParser parser, string frame, DateTimeOffset received, List<MarketEvent> output)
    {
        var max = Encoding.UTF8.GetMaxByteCount(frame.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var n = Encoding.UTF8.GetBytes(frame, _utf8);
        var bytes = _utf8.AsSpan(0, n);
        _entries.Clear();
        Range market = default;
        long? ms = null;
        try
        {
            if (!Scan(bytes, ref market, ref ms))
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var ts = received;
        if (ms is { } v && !MarketChannelParser.EpochTime(v, out ts))
        {
            return false;
        }

        parser.BeginStated();
        var marketUtf8 = bytes[market];
        foreach (var e in _entries)
        {
            var book = parser.BookOf(bytes[e.Asset], marketUtf8);
            if (parser.ApplyLevel(book, e.Side, e.Price, e.Size, ts, received, output))
            {
                parser.State(book, e.BestBid, e.BestAsk);
            }
        }

        parser.EndStated();
        return true;
    }

    /// <summary>Reads the frame into <see cref="_entries"/>; false at the first thing the fast path does not take.</summary>
    private bool Scan(ReadOnlySpan<byte> bytes, ref Range market, ref long? ms)
    {
        var r = new Utf8JsonReader(bytes);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var isPriceChange = false;
        var hasEntries = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("event_type"u8))
            {
                if (!r.Read() || r.TokenType != JsonTokenType.String || !r.ValueTextEquals("price_change"u8))
                {
                    return false;
                }

                isPriceChange = true;
            }
            else if (r.ValueTextEquals("market"u8))
            {
                if (!String(ref r, out market))
                {
                    return false;
                }
            }
            else if (r.ValueTextEquals("timestamp"u8))
            {
                if (!r.Read() || r.ValueIsEscaped || r.TokenType is not (JsonTokenType.String or JsonTokenType.Number)
                    || !Utf8Parser.TryParse(r.ValueSpan, out long v, out var used) || used != r.ValueSpan.Length)
                {
                    return false;
                }

                ms = v;
            }
            else if (r.ValueTextEquals("price_changes"u8))
            {
                if (!r.Read() || r.TokenType != JsonTokenType.StartArray || !Entries(ref r))
                {
                    return false;
                }

                hasEntries = true;
            }
            else if (r.ValueTextEquals("changes"u8) || r.ValueTextEquals("asset_id"u8) || r.ValueTextEquals("price"u8))
            {
                // An older shape: the general parser reads those.
                return false;
            }
            else if (!r.TrySkip())
            {
                // On a property name, TrySkip moves past its whole value.
                return false;
            }
        }

        // The object must end the frame (trailing text is the general parser's bad_json).
        return isPriceChange && hasEntries && _entries.Count > 0 && r.TokenType == JsonTokenType.EndObject && !r.Read();
    }

    private bool Entries(ref Utf8JsonReader r)
    {
        while (r.Read())
        {
            if (r.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            if (r.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            // Every value the entry needs must read cleanly; at the first that does not, the frame goes the general way.
            var e = new Entry();
            bool hasAsset = false, hasPrice = false, hasSize = false, hasSide = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("asset_id"u8))
                {
                    if (!String(ref r, out e.Asset) || e.Asset.End.Value == e.Asset.Start.Value)
                    {
                        return false;
                    }

                    hasAsset = true;
                }
                else if (r.ValueTextEquals("price"u8))
                {
                    if (!Decimal(ref r, out e.Price))
                    {
                        return false;
                    }

                    hasPrice = true;
                }
                else if (r.ValueTextEquals("size"u8))
                {
                    if (!Decimal(ref r, out e.Size) || e.Size < 0m)
                    {
                        return false;
                    }

                    hasSize = true;
                }
                else if (r.ValueTextEquals("side"u8))
                {
                    if (!r.Read() || r.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    if (r.ValueTextEquals("BUY"u8))
                    {
                        e.Side = Side.Buy;
                    }
                    else if (r.ValueTextEquals("SELL"u8))
                    {
                        e.Side = Side.Sell;
                    }
                    else
                    {
                        return false;
                    }

                    hasSide = true;
                }
                else if (r.ValueTextEquals("best_bid"u8))
                {
                    if (!Decimal(ref r, out var bid))
                    {
                        return false;
                    }

                    e.BestBid = bid;
                }
                else if (r.ValueTextEquals("best_ask"u8))
                {
                    if (!Decimal(ref r, out var ask))
                    {
                        return false;
                    }

                    e.BestAsk = ask;
                }
                else if (!r.TrySkip())
                {
                    return false;
                }
            }

            if (r.TokenType != JsonTokenType.EndObject || !(hasAsset && hasPrice && hasSize && hasSide))
            {
                return false;
            }

            _entries.Add(e);
        }

        return false;
    }

    /// <summary>The next value as an unescaped string: its range in the frame's bytes.</summary>
    private static bool String(ref Utf8JsonReader r, out Range range)
    {
        range = default;
        if (!r.Read() || r.TokenType != JsonTokenType.String || r.ValueIsEscaped)
        {
            return false;
        }

        var start = (int)r.TokenStartIndex + 1;
        range = start..(start + r.ValueSpan.Length);
        return true;
    }

    /// <summary>The next value as an exact decimal: a plain string like "0.47" or a JSON number.</summary>
    private static bool Decimal(ref Utf8JsonReader r, out decimal value)
    {
        value = 0m;
        return r.Read() && !r.ValueIsEscaped && r.TokenType is JsonTokenType.String or JsonTokenType.Number && r.ValueSpan.Length > 0
            && Utf8Parser.TryParse(r.ValueSpan, out value, out var used) && used == r.ValueSpan.Length;
    }

    private struct Entry
    {
        public Range Asset;
        public decimal Price;
        public decimal Size;
        public Side Side;
        public decimal? BestBid;
        public decimal? BestAsk;
    }
}
