using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// A Gamma market as discovery needs it, plus the raw object text the recorder writes to markets.json.
/// <see cref="Id"/> is the condition id when present (the CLOB's market key), else the Gamma id. <see cref="OrderMinSize"/>
/// is Gamma's <c>orderMinSize</c> as stated (null when absent or not a number). <see cref="Economics"/> holds the reward
/// terms and fee schedule read when the object was parsed, so they survive without <see cref="Raw"/>.
/// </summary>
public sealed record GammaMarket(
    string Id,
    string? GammaId,
    string? ConditionId,
    string Title,
    string? Slug,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<decimal?> OutcomePrices,
    IReadOnlyList<string> ClobTokenIds,
    bool? Closed,
    string Raw,
    decimal? OrderMinSize = null)
{
    /// <summary>Binary = two outcomes, or two tokens, or two outcome prices (docs/design.md#fixture-format).</summary>
    public bool IsBinary => Outcomes.Count == 2 || ClobTokenIds.Count == 2 || OutcomePrices.Count == 2;

    /// <summary>Index of the "Yes" outcome when named, else 0.</summary>
    public int YesIndex
    {
        get
        {
            for (var i = 0; i < Outcomes.Count; i++)
            {
                if (string.Equals(Outcomes[i], "Yes", StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return 0;
        }
    }

    public string? YesTokenId => YesIndex < ClobTokenIds.Count ? ClobTokenIds[YesIndex] : null;

    /// <summary>Gamma's YES outcome price: cached up to 5 minutes upstream, so a reference, never a quote.</summary>
    public decimal? YesPrice => YesIndex < OutcomePrices.Count ? OutcomePrices[YesIndex] : null;

    /// <summary>
    /// The market's reward terms and fee schedule as <see cref="MarketEconomics.FromGamma(System.Text.Json.JsonElement)"/> read
    /// them from the object at parse time (docs/design.md#rewards, docs/design.md#fees): the one reading that online runs,
    /// polled or on the market channel, and a recording's markets.json all use. <see cref="MarketEconomics.None"/> when the
    /// object states none, or the market was built without parsing.
    /// </summary>
    public MarketEconomics Economics { get; init; } = MarketEconomics.None;

    public MarketInfo ToMarketInfo() => new(Id, Title, IsBinary, Slug);

    /// <summary>
    /// The venue's minimum order size in shares from Gamma's <c>orderMinSize</c> (docs/design.md#quoting); 0 (no minimum)
    /// when the object states none, or none above zero.
    /// </summary>
    public decimal MinOrderSize => OrderMinSize is { } min && min > 0m ? min : 0m;
}
