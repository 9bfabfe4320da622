using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PolyMM.FakeVenue;

/// <summary>
/// Renders venue answers in Polymarket's real wire shapes (docs/design.md#polymarket-wire-facts): strings for every number in books,
/// bids ascending and asks descending with the best level LAST, decoy levels far from the touch listed FIRST,
/// epoch-ms timestamps as strings.
/// </summary>
internal static class VenueWire
{
    /// <summary>Size shown at the top level when the fixture line has no depth.</summary>
    public const decimal DefaultDepth = 100m;

    private const decimal DecoySize = 2500m;

    public static string Book(VenueMarket market, string tokenId, FixtureSnapshot? line, int index, DateTimeOffset now, bool ws = false)
    {
        var yesBids = line?.BestBid is { } bid ? BidLevels(bid, line.DepthBid1 ?? DefaultDepth) : [];
        var yesAsks = line?.BestAsk is { } ask ? AskLevels(ask, line.DepthAsk1 ?? DefaultDepth) : [];
        var isYes = tokenId == market.YesTokenId;

        // The NO token is the complement: its bids are 1 − YES asks (descending asks → ascending bids) and vice versa.
        var bids = isYes ? yesBids : yesAsks.Select(l => (1m - l.Price, l.Size)).ToArray();
        var asks = isYes ? yesAsks : yesBids.Select(l => (1m - l.Price, l.Size)).ToArray();
        var ltp = line?.LastTradePrice is { } l ? isYes ? l : 1m - l : (decimal?)null;
        var ts = line?.Timestamp ?? now;

        return Write(w =>
        {
            w.WriteStartObject();
            if (ws)
            {
                w.WriteString("event_type", "book");
            }

            w.WriteString("market", market.Id);
            w.WriteString("asset_id", tokenId);
            w.WriteString("timestamp", ts.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            w.WriteString("hash", Hash($"{market.Id}:{tokenId}:{index}"));
            WriteLevels(w, "bids", bids);
            WriteLevels(w, "asks", asks);
            w.WriteString("min_order_size", "5");
            w.WriteString("tick_size", market.TickSize);
            w.WriteBoolean("neg_risk", false);
            if (ltp is { } p)
            {
                w.WriteString("last_trade_price", VenueMarket.Format(p));
            }

            w.WriteEndObject();
        });
    }

    public static string LastTrade(decimal? price, bool isYes) => Write(w =>
    {
        w.WriteStartObject();
        if (price is { } p)
        {
            w.WriteString("price", VenueMarket.Format(isYes ? p : 1m - p));
            w.WriteString("side", "BUY");
        }
        else
        {
            w.WriteString("price", "0");
            w.WriteString("side", "");
        }

        w.WriteEndObject();
    });

    public static string ClobMarket(VenueMarket market) => Write(w =>
    {
        var yes = market.YesReference ?? 0.5m;
        w.WriteStartObject();
        w.WriteBoolean("enable_order_book", true);
        w.WriteBoolean("active", true);
        w.WriteBoolean("closed", false);
        w.WriteBoolean("accepting_orders", true);
        w.WriteString("minimum_order_size", "5");
        w.WriteString("minimum_tick_size", market.TickSize);
        w.WriteString("condition_id", market.Id);
        w.WriteString("question", market.Question);
        w.WriteBoolean("neg_risk", false);
        w.WriteStartObject("rewards");
        w.WriteStartArray("rates");
        w.WriteStartObject();
        w.WriteString("asset_address", "0x0000000000000000000000000000000000000001");
        w.WriteNumber("rewards_daily_rate", 10);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteNumber("min_size", 100);
        w.WriteNumber("max_spread", 3.5m);
        w.WriteEndObject();
        w.WriteStartArray("tokens");
        WriteToken(w, market.YesTokenId, "Yes", yes);
        WriteToken(w, market.NoTokenId, "No", 1m - yes);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string KeysetPage(IEnumerable<string> marketJson, string? nextCursor) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("markets");
        foreach (var m in marketJson)
        {
            w.WriteRawValue(m, skipInputValidation: true);
        }

        w.WriteEndArray();
        if (nextCursor is not null)
        {
            w.WriteString("next_cursor", nextCursor);
        }

        w.WriteEndObject();
    });

    public static string Array(IEnumerable<string> items) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var m in items)
        {
            w.WriteRawValue(m, skipInputValidation: true);
        }

        w.WriteEndArray();
    });

    public static string Error(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    private static (decimal Price, decimal Size)[] BidLevels(decimal best, decimal size)
    {
        // Ascending, decoys first: 0.01, then half-way, then the real best bid LAST.
        var decoys = new[] { 0.01m, Math.Round(best / 2m, 2) }.Where(p => p > 0m && p < best).Distinct().Order();
        return [.. decoys.Select(p => (p, DecoySize)), (best, size)];
    }

    private static (decimal Price, decimal Size)[] AskLevels(decimal best, decimal size)
    {
        // Descending, decoys first: 0.99, then half-way to 1, then the real best ask LAST.
        var decoys = new[] { 0.99m, Math.Round((1m + best) / 2m, 2) }.Where(p => p < 1m && p > best).Distinct().OrderDescending();
        return [.. decoys.Select(p => (p, DecoySize)), (best, size)];
    }

    private static void WriteLevels(Utf8JsonWriter w, string name, (decimal Price, decimal Size)[] levels)
    {
        w.WriteStartArray(name);
        foreach (var (price, size) in levels)
        {
            w.WriteStartObject();
            w.WriteString("price", VenueMarket.Format(price));
            w.WriteString("size", VenueMarket.Format(size));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteToken(Utf8JsonWriter w, string tokenId, string outcome, decimal price)
    {
        w.WriteStartObject();
        w.WriteString("token_id", tokenId);
        w.WriteString("outcome", outcome);
        w.WriteNumber("price", price);
        w.WriteBoolean("winner", false);
        w.WriteEndObject();
    }

    // The real hash is a 40-hex SHA-1 of the summary; any stable 40-hex string has the same shape.
    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 20));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
