using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolyMM.FakeVenue;

/// <summary>
/// One fixture market as the venue serves it: the Gamma object (in the venue's wire shape), synthetic YES/NO token
/// ids, and a cursor into its snapshot lines.
/// </summary>
/// <remarks>
/// Each book request for the YES token serves the next line; at the end the venue HOLDS the last line (it does not
/// wrap), so event times never go backwards. NO-token books and /last-trade-price show the line last served for YES
/// (line 0 before any) without advancing.
/// </remarks>
internal sealed class VenueMarket
{
    private readonly IReadOnlyList<FixtureSnapshot> _snapshots;
    private int _served;

    public VenueMarket(string id, int ordinal, JsonObject raw, IReadOnlyList<FixtureSnapshot> snapshots, bool plainArrayTokenIds)
    {
        Id = id;
        _snapshots = snapshots;
        YesTokenId = TokenId(id, "yes");
        NoTokenId = TokenId(id, "no");
        TickSize = FixtureReader.Text(raw["orderPriceMinTickSize"]) ?? "0.01";
        HasConditionId = raw["conditionId"] is not null;
        Question = FixtureReader.Text(raw["question"]) ?? id;
        YesReference = ReadYesPrice(raw) ?? snapshots.FirstOrDefault(s => s.MidPrice is not null)?.MidPrice;
        GammaJson = BuildGammaObject(raw, ordinal, plainArrayTokenIds);
    }

    public string Id { get; }

    public string Question { get; }

    public bool HasConditionId { get; }

    public string YesTokenId { get; }

    public string NoTokenId { get; }

    public string TickSize { get; }

    /// <summary>The YES outcome price Gamma shows (cached upstream, so fixed here).</summary>
    public decimal? YesReference { get; }

    /// <summary>The market object exactly as Gamma list endpoints carry it.</summary>
    public string GammaJson { get; }

    public int SnapshotCount => _snapshots.Count;

    /// <summary>Serves the next line for a YES book request (holding at the last line).</summary>
    public (FixtureSnapshot? Line, int Index) Advance()
    {
        if (_snapshots.Count == 0)
        {
            return (null, -1);
        }

        var index = Math.Min(Interlocked.Increment(ref _served) - 1, _snapshots.Count - 1);
        return (_snapshots[index], index);
    }

    /// <summary>The line last served for YES, without advancing.</summary>
    /// <summary>Line <paramref name="index"/> modulo the line count (the market channel cycles through the fixture); null when empty.</summary>
    public FixtureSnapshot? LineAt(long index) => _snapshots.Count == 0 ? null : _snapshots[(int)(index % _snapshots.Count)];

    public (FixtureSnapshot? Line, int Index) Current()
    {
        if (_snapshots.Count == 0)
        {
            return (null, -1);
        }

        var index = Math.Clamp(Volatile.Read(ref _served) - 1, 0, _snapshots.Count - 1);
        return (_snapshots[index], index);
    }

    // uint256-looking decimal ids, stable per market id, like real CLOB token ids.
    private static string TokenId(string marketId, string side)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(marketId + ":" + side));
        return new BigInteger(hash, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }

    private static decimal? ReadYesPrice(JsonObject raw)
    {
        var outcomes = ReadArray(raw["outcomes"]);
        var prices = ReadArray(raw["outcomePrices"]);
        if (prices.Count == 0)
        {
            return null;
        }

        var yes = outcomes.FindIndex(o => string.Equals(o, "Yes", StringComparison.OrdinalIgnoreCase));
        var text = prices[yes >= 0 && yes < prices.Count ? yes : 0];
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
    }

    private static List<string> ReadArray(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            node = JsonNode.Parse(v.GetValue<string>());
        }

        return node is JsonArray a ? a.Select(FixtureReader.Text).OfType<string>().ToList() : [];
    }

    private string BuildGammaObject(JsonObject raw, int ordinal, bool plainArrayTokenIds)
    {
        var obj = (JsonObject)raw.DeepClone();
        if (obj["id"] is null || !HasConditionId)
        {
            // Gamma ids are numeric strings; keep a fixture's own id when it is the market key.
            obj["id"] = HasConditionId ? (500000 + ordinal).ToString(CultureInfo.InvariantCulture) : Id;
        }
        else
        {
            obj["id"] = FixtureReader.Text(obj["id"]);
        }

        obj["question"] = Question;
        obj["outcomes"] = "[\"Yes\", \"No\"]";
        if (YesReference is { } yes)
        {
            obj["outcomePrices"] = Encode([Format(yes), Format(1m - yes)]);
        }
        else
        {
            // No reference in the fixture: no Gamma price either, so clients must fall back to the LTP.
            obj.Remove("outcomePrices");
        }

        obj["clobTokenIds"] = plainArrayTokenIds
            ? new JsonArray(YesTokenId, NoTokenId)
            : Encode([YesTokenId, NoTokenId]);
        obj["active"] = true;
        obj["closed"] = false;
        obj["enableOrderBook"] = true;
        obj["acceptingOrders"] = true;
        obj["volume"] ??= "1000.0";
        obj["liquidity"] ??= "500.0";
        return obj.ToJsonString();
    }

    // Gamma's habit: a JSON array serialised into a string, with a space after each comma.
    private static string Encode(string[] items) =>
        "[" + string.Join(", ", items.Select(i => JsonSerializer.Serialize(i, VenueJsonContext.Default.String))) + "]";

    public static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
