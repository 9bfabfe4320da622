using System.Text.Json.Serialization;

namespace PolyMM.Data.Polymarket;

// Wire shapes of the CLOB endpoints (docs/design.md#polymarket-wire-facts). Only the fields the adapter maps are declared; unknown
// fields are ignored. These never leave the adapter: PolymarketParser maps them to domain records.

internal sealed class ClobBookDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Market { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? AssetId { get; set; }

    /// <summary>Epoch milliseconds as a string ("1752771308142").</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Timestamp { get; set; }

    public List<ClobLevelDto>? Bids { get; set; }

    public List<ClobLevelDto>? Asks { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? TickSize { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? MinOrderSize { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? LastTradePrice { get; set; }
}

internal sealed class ClobLevelDto
{
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Price { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Size { get; set; }
}

internal sealed class LastTradeDto
{
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Price { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Side { get; set; }
}

internal sealed class ClobMarketDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ConditionId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Question { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? MinimumTickSize { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? MinimumOrderSize { get; set; }

    public List<ClobTokenDto>? Tokens { get; set; }

    public ClobRewardsDto? Rewards { get; set; }
}

internal sealed class ClobTokenDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TokenId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Outcome { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Price { get; set; }
}

internal sealed class ClobRewardsDto
{
    public List<ClobRewardRateDto>? Rates { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? MinSize { get; set; }

    /// <summary>In cents (3.5 = 3.5¢).</summary>
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? MaxSpread { get; set; }
}

internal sealed class ClobRewardRateDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AssetAddress { get; set; }

    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? RewardsDailyRate { get; set; }
}

internal sealed class BookRequestDto
{
    public string TokenId { get; set; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ClobBookDto))]
[JsonSerializable(typeof(LastTradeDto))]
[JsonSerializable(typeof(ClobMarketDto))]
[JsonSerializable(typeof(List<BookRequestDto>))]
internal sealed partial class PolymarketJsonContext : JsonSerializerContext;
