using System.Globalization;
using System.Text.Json;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// Maps raw venue bodies to domain records. Public so replay of recorded payloads goes through the same mapper as
/// the live client. A body that is not the expected shape is a bad_json error value, never an exception.
/// </summary>
public static class PolymarketParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>GET /markets/keyset: <c>{"markets":[...], "next_cursor":"..."}</c>; an absent or empty cursor ends the walk.</summary>
    /// <param name="body">The page's JSON.</param>
    /// <param name="keepRaw">Keep each market's object text in <see cref="GammaMarket.Raw"/> (only the recorder needs it).</param>
    public static FetchResult<GammaPage> ParseGammaKeysetPage(string body, bool keepRaw = true) => Guard(body, root =>
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"keyset page: expected an object, got {root.ValueKind}");
        }

        var markets = LenientJson.Property(root, "markets") is { ValueKind: JsonValueKind.Array } arr
            ? ParseMarketArray(arr, keepRaw)
            : throw new JsonException("keyset page: missing 'markets' array");
        var cursor = LenientJson.Property(root, "next_cursor") is { } c ? LenientJson.ReadString(c) : null;
        return new GammaPage(markets, string.IsNullOrEmpty(cursor) ? null : cursor);
    });

    /// <summary>Legacy GET /markets: a bare array.</summary>
    public static FetchResult<GammaPage> ParseGammaLegacyPage(string body, bool keepRaw = true) => Guard(body, root =>
        root.ValueKind == JsonValueKind.Array
            ? new GammaPage(ParseMarketArray(root, keepRaw), null)
            : throw new JsonException($"legacy markets: expected an array, got {root.ValueKind}"));

    /// <summary>One Gamma market object (also what markets.json holds).</summary>
    public static FetchResult<GammaMarket> ParseGammaMarket(string json) => Guard(json, e => ParseGammaMarket(e, keepRaw: true));

    public static FetchResult<ClobBook> ParseBook(string body) => Guard(body, MapBook);

    /// <summary>POST /books: an array of books; each keeps its own raw text.</summary>
    public static FetchResult<IReadOnlyList<ClobBook>> ParseBooks(string body) => Guard<IReadOnlyList<ClobBook>>(body, root =>
        root.ValueKind == JsonValueKind.Array
            ? root.EnumerateArray().Select(MapBook).ToArray()
            : throw new JsonException($"books: expected an array, got {root.ValueKind}"));

    public static FetchResult<LastTrade> ParseLastTrade(string body) => Guard(body, root =>
    {
        var dto = root.Deserialize(PolymarketJsonContext.Default.LastTradeDto)
            ?? throw new JsonException("last trade: null body");
        CheckPrice(dto.Price, "last trade price");

        // A token that never traded answers side "" (and a placeholder price): no LTP, not an LTP of zero.
        var price = dto.Side is "" ? null : dto.Price;
        return new LastTrade(price, dto.Side, body);
    });

    public static FetchResult<ClobMarket> ParseClobMarket(string body) => Guard(body, root =>
    {
        var dto = root.Deserialize(PolymarketJsonContext.Default.ClobMarketDto)
            ?? throw new JsonException("clob market: null body");
        if (string.IsNullOrEmpty(dto.ConditionId))
        {
            throw new JsonException("clob market: missing condition_id");
        }

        var tokens = (dto.Tokens ?? [])
            .Select(t => new ClobToken(t.TokenId ?? throw new JsonException("clob market: token without token_id"), t.Outcome, t.Price))
            .ToArray();
        var daily = dto.Rewards?.Rates?.Sum(r => r.RewardsDailyRate ?? 0m);
        return new ClobMarket(dto.ConditionId, dto.Question, tokens, dto.MinimumTickSize, dto.MinimumOrderSize,
            dto.Rewards?.MinSize, dto.Rewards?.MaxSpread, daily, body);
    });

    /// <summary>Epoch-ms string (the real wire) or ISO-8601 (the docs' wrong example); null when absent or unreadable.</summary>
    public static DateTimeOffset? ParseBookTimestamp(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            // Seconds would be ~1.7e9, milliseconds ~1.7e12; the CLOB sends milliseconds.
            return ms < 100_000_000_000L ? DateTimeOffset.FromUnixTimeSeconds(ms) : DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;
    }

    private static GammaMarket[] ParseMarketArray(JsonElement arr, bool keepRaw) =>
        arr.EnumerateArray().Select(e => ParseGammaMarket(e, keepRaw)).ToArray();

    private static GammaMarket ParseGammaMarket(JsonElement e, bool keepRaw)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"market: expected an object, got {e.ValueKind}");
        }

        string? Str(string name) => LenientJson.Property(e, name) is { } v ? LenientJson.ReadString(v) : null;
        IReadOnlyList<string> Arr(string name) => LenientJson.Property(e, name) is { } v ? LenientJson.ReadStringArray(v) : [];

        var gammaId = Str("id");
        var conditionId = Str("conditionId");
        var id = !string.IsNullOrEmpty(conditionId) ? conditionId
            : !string.IsNullOrEmpty(gammaId) ? gammaId
            : throw new JsonException("market: neither conditionId nor id");
        var prices = LenientJson.Property(e, "outcomePrices") is { } p ? LenientJson.ReadDecimalArray(p) : [];
        foreach (var price in prices)
        {
            CheckPrice(price, "outcome price");
        }

        var tokens = Arr("clobTokenIds");
        if (tokens.Count == 0)
        {
            // Protocol-V2 markets list their outcome ids in positionIds instead (docs/design.md#polymarket-wire-facts).
            tokens = Arr("positionIds");
        }

        return new GammaMarket(
            Id: id,
            GammaId: gammaId,
            ConditionId: conditionId,
            Title: Str("question") ?? Str("title") ?? id,
            Slug: Str("slug"),
            Outcomes: Arr("outcomes"),
            OutcomePrices: prices,
            ClobTokenIds: tokens,
            Closed: LenientJson.Property(e, "closed") is { } c ? LenientJson.ReadBool(c) : null,
            Raw: keepRaw ? e.GetRawText() : "",
            OrderMinSize: LooseDecimal(LenientJson.Property(e, "orderMinSize")))
        {
            // Parsed here, not from Raw later: polled runs keep no raw text, and MarketEconomics never throws (odd terms are
            // no terms with a reason, not a bad page; docs/design.md#online-data).
            Economics = MarketEconomics.FromGamma(e),
        };
    }

    // A number, or a string holding one; anything else is no value (not a bad page: discovery does not depend on it).
    private static decimal? LooseDecimal(JsonElement? v) => v switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out var d) => d,
        { ValueKind: JsonValueKind.String } t when decimal.TryParse(t.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static ClobBook MapBook(JsonElement e)
    {
        var dto = e.Deserialize(PolymarketJsonContext.Default.ClobBookDto) ?? throw new JsonException("book: null");
        if (string.IsNullOrEmpty(dto.AssetId))
        {
            throw new JsonException("book: missing asset_id");
        }

        CheckPrice(dto.LastTradePrice, "last_trade_price");
        return new ClobBook(dto.AssetId, dto.Market, ParseBookTimestamp(dto.Timestamp),
            MapLevels(dto.Bids, "bid"), MapLevels(dto.Asks, "ask"), dto.LastTradePrice, dto.TickSize, e.GetRawText());
    }

    private static BookLevel[] MapLevels(List<ClobLevelDto>? levels, string side)
    {
        if (levels is null)
        {
            return [];
        }

        var result = new BookLevel[levels.Count];
        for (var i = 0; i < levels.Count; i++)
        {
            var l = levels[i];
            if (l.Price is not { } price || l.Size is not { } size)
            {
                throw new JsonException($"book: {side} level {i} lacks price or size");
            }

            CheckPrice(price, $"{side} price");
            if (size < 0m)
            {
                throw new JsonException($"book: {side} level {i} has negative size {size}");
            }

            result[i] = new BookLevel(price, size);
        }

        return result;
    }

    // Prices are probabilities; anything outside [0,1] is corrupt data to reject, not to clamp.
    private static void CheckPrice(decimal? price, string what)
    {
        if (price is { } p && (p < 0m || p > 1m))
        {
            throw new JsonException($"{what} {p} outside [0,1]");
        }
    }

    private static FetchResult<T> Guard<T>(string body, Func<JsonElement, T> map)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return FetchResult<T>.Fail(new FetchError(FetchErrorKinds.BadJson, "empty body", IsTransient: true));
        }

        try
        {
            using var doc = JsonDocument.Parse(body, DocumentOptions);
            return FetchResult<T>.Ok(map(doc.RootElement));
        }
        catch (JsonException ex)
        {
            return FetchResult<T>.Fail(new FetchError(FetchErrorKinds.BadJson, $"{ex.Message} (body starts: {Excerpt(body)})", IsTransient: true));
        }
    }

    private static string Excerpt(string body) => body.Length <= 80 ? body : body[..80] + "…";
}
