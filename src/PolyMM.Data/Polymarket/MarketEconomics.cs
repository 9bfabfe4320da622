using System.Text.Json;
using PolyMM.Core.Instruments;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// A market's reward terms and fee schedule taken from its Gamma object (docs/design.md#rewards, docs/design.md#fees),
/// as fixtures' markets.json and online discovery hold it. A market that states none of the reward fields has no terms
/// (no reason either); one that states some but not usable ones has a reason, and so for the fee schedule.
/// </summary>
public sealed record MarketEconomics(RewardTerms? Rewards, FeeSchedule? Fees, string? RewardsProblem, string? FeesProblem)
{
    public static readonly MarketEconomics None = new(null, null, null, null);

    /// <summary>The terms of one Gamma market object; never throws.</summary>
    public static MarketEconomics FromGamma(JsonElement market)
    {
        if (market.ValueKind != JsonValueKind.Object)
        {
            return None;
        }

        RewardTerms? rewards = null;
        FeeSchedule? fees = null;
        string? rewardsProblem = null, feesProblem = null;
        if (Has(market, "rewardsMaxSpread") || Has(market, "rewardsMinSize") || Has(market, "clobRewards"))
        {
            var r = EconomicsParser.ParseGammaRewards(market);
            (rewards, rewardsProblem) = (r.Value, r.NoEstimateReason);
        }

        if (Has(market, "feeSchedule") || Has(market, "feesEnabled"))
        {
            var f = EconomicsParser.ParseGammaFeeSchedule(market);
            (fees, feesProblem) = (f.Value, f.NoEstimateReason);
        }

        // Most listed markets state nothing: they share None instead of one empty record each.
        return rewards is null && fees is null && rewardsProblem is null && feesProblem is null
            ? None
            : new MarketEconomics(rewards, fees, rewardsProblem, feesProblem);
    }

    /// <summary>The terms of one Gamma market as JSON text; text that is not a JSON object has none.</summary>
    public static MarketEconomics FromGamma(string? marketJson)
    {
        if (string.IsNullOrWhiteSpace(marketJson))
        {
            return None;
        }

        try
        {
            using var doc = JsonDocument.Parse(marketJson);
            return FromGamma(doc.RootElement);
        }
        catch (JsonException)
        {
            return None;
        }
    }

    /// <summary>One-line warnings for market <paramref name="marketId"/>'s unusable terms (none when all are usable or absent).</summary>
    public IEnumerable<string> Warnings(string marketId)
    {
        if (RewardsProblem is { } r)
        {
            yield return $"warning: market {marketId}: reward terms unusable ({r}); no reward estimate for it";
        }

        if (FeesProblem is { } f)
        {
            yield return $"warning: market {marketId}: fee schedule unusable ({f}); its fills pay the flat --fee-bps";
        }
    }

    private static bool Has(JsonElement obj, string name) => LenientJson.Property(obj, name) is not null;
}
