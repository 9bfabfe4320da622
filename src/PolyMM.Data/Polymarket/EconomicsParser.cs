using System.Text.Json;
using PolyMM.Core.Economics;
using PolyMM.Core.Instruments;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// Reads a market's liquidity-reward terms and fee schedule from the venue's wire shapes (docs/design.md#rewards,
/// docs/design.md#fees): a Gamma market (what markets.json holds: <c>rewardsMaxSpread</c> in cents,
/// <c>rewardsMinSize</c>, <c>clobRewards[].rewardsDailyRate</c>, <c>feeSchedule{rate, exponent, rebateRate}</c>,
/// <c>feesEnabled</c>), a CLOB market (<c>rewards{max_spread, min_size, rates[].rewards_daily_rate}</c>) and an item of
/// the rewards endpoints (<c>rewards_max_spread</c>, <c>rewards_min_size</c>, <c>rewards_config[].rate_per_day</c>).
/// Numbers may arrive as numbers or strings. Every term must be present and non-negative; otherwise the answer is a
/// reason, and the Core rules (<see cref="RewardScoring.Problem"/>, <see cref="VenueFees.Problem"/>) have the last word.
/// </summary>
public static class EconomicsParser
{
    /// <summary>The fee schedule of one Gamma market object (JSON text).</summary>
    public static VenueTerms<FeeSchedule> ParseGammaFeeSchedule(string marketJson) => WithDocument(marketJson, ParseGammaFeeSchedule);

    /// <summary>
    /// The fee schedule of one Gamma market. <c>feesEnabled: false</c> without a schedule is a known fee-free market
    /// (rate 0); a schedule must state rate, exponent and rebateRate.
    /// </summary>
    public static VenueTerms<FeeSchedule> ParseGammaFeeSchedule(JsonElement market)
    {
        if (market.ValueKind != JsonValueKind.Object)
        {
            return VenueTerms<FeeSchedule>.None($"market: expected an object, got {market.ValueKind}");
        }

        var enabled = LenientJson.Property(market, "feesEnabled") is { } e ? LenientJson.ReadBool(e) : null;
        if (LenientJson.Property(market, "feeSchedule") is not { ValueKind: JsonValueKind.Object } schedule)
        {
            return enabled == false
                ? VenueTerms<FeeSchedule>.Known(new FeeSchedule(0m, 1m, 0m))
                : VenueTerms<FeeSchedule>.None("no feeSchedule in the market" + (enabled is null ? "" : " (feesEnabled: true)"));
        }

        return Read(schedule, "feeSchedule", "rate", "exponent", "rebateRate") switch
        {
            { Reason: { } reason } => VenueTerms<FeeSchedule>.None(reason),
            { Values: var v } => Checked(new FeeSchedule(v[0], v[1], v[2])),
        };
    }

    /// <summary>The reward terms of one Gamma market object (JSON text).</summary>
    public static VenueTerms<RewardTerms> ParseGammaRewards(string marketJson) => WithDocument(marketJson, ParseGammaRewards);

    /// <summary>The reward terms of one Gamma market: max spread (cents), min size (shares), Σ clobRewards daily rates.</summary>
    public static VenueTerms<RewardTerms> ParseGammaRewards(JsonElement market) =>
        Rewards(market, "rewardsMaxSpread", "rewardsMinSize", "clobRewards", "rewardsDailyRate");

    /// <summary>The reward terms of a CLOB <c>/markets/{condition_id}</c> body (JSON text).</summary>
    public static VenueTerms<RewardTerms> ParseClobRewards(string marketJson) => WithDocument(marketJson, ParseClobRewards);

    /// <summary>The reward terms of a CLOB market: its <c>rewards</c> object.</summary>
    public static VenueTerms<RewardTerms> ParseClobRewards(JsonElement market) =>
        LenientJson.Property(market, "rewards") is { ValueKind: JsonValueKind.Object } rewards
            ? Rewards(rewards, "max_spread", "min_size", "rates", "rewards_daily_rate")
            : VenueTerms<RewardTerms>.None("no rewards object in the market");

    /// <summary>One item of <c>GET /rewards/markets/current</c> or <c>/rewards/markets/{condition_id}</c> (JSON text).</summary>
    public static VenueTerms<RewardTerms> ParseRewardsMarket(string itemJson) => WithDocument(itemJson, ParseRewardsMarket);

    /// <summary>One item of the rewards endpoints: Σ rewards_config rate_per_day.</summary>
    public static VenueTerms<RewardTerms> ParseRewardsMarket(JsonElement item) =>
        Rewards(item, "rewards_max_spread", "rewards_min_size", "rewards_config", "rate_per_day");

    private static VenueTerms<RewardTerms> Rewards(JsonElement obj, string spreadName, string minSizeName, string ratesName, string rateName)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return VenueTerms<RewardTerms>.None($"expected an object, got {obj.ValueKind}");
        }

        var terms = Read(obj, "market", spreadName, minSizeName);
        if (terms.Reason is { } reason)
        {
            return VenueTerms<RewardTerms>.None(reason);
        }

        if (LenientJson.Property(obj, ratesName) is not { ValueKind: JsonValueKind.Array } rates || rates.GetArrayLength() == 0)
        {
            return VenueTerms<RewardTerms>.None($"no {ratesName}: the market's daily reward rate is unknown");
        }

        var daily = 0m;
        var i = 0;
        foreach (var r in rates.EnumerateArray())
        {
            var rate = Read(r, $"{ratesName}[{i++}]", rateName);
            if (rate.Reason is { } bad)
            {
                return VenueTerms<RewardTerms>.None(bad);
            }

            try
            {
                daily += rate.Values[0];
            }
            catch (OverflowException)
            {
                // Rates near decimal's limit: no terms, not an exception (discovery parses every listed market).
                return VenueTerms<RewardTerms>.None($"{ratesName}: the daily rates' sum is out of range");
            }
        }

        // The venue states the max spread in cents; the terms hold price units (3.5 cents = 0.035).
        var result = new RewardTerms(terms.Values[0] / 100m, terms.Values[1], daily);
        return RewardScoring.Problem(result) is { } problem ? VenueTerms<RewardTerms>.None(problem) : VenueTerms<RewardTerms>.Known(result);
    }

    private static VenueTerms<FeeSchedule> Checked(FeeSchedule schedule) =>
        VenueFees.Problem(schedule) is { } problem ? VenueTerms<FeeSchedule>.None(problem) : VenueTerms<FeeSchedule>.Known(schedule);

    // Every named property as a decimal, or the first one missing or unreadable.
    private static (decimal[] Values, string? Reason) Read(JsonElement obj, string what, params string[] names)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return ([], $"{what}: expected an object, got {obj.ValueKind}");
        }

        var values = new decimal[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            decimal? value;
            try
            {
                value = LenientJson.Property(obj, names[i]) is { } e ? LenientJson.ReadDecimal(e) : null;
            }
            catch (JsonException ex)
            {
                return ([], $"{what}.{names[i]}: {ex.Message}");
            }

            if (value is not { } v)
            {
                return ([], $"{what}.{names[i]} missing");
            }

            values[i] = v;
        }

        return (values, null);
    }

    private static VenueTerms<T> WithDocument<T>(string json, Func<JsonElement, VenueTerms<T>> read)
        where T : class
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return read(doc.RootElement);
        }
        catch (JsonException ex)
        {
            return VenueTerms<T>.None($"not valid JSON: {ex.Message}");
        }
    }
}
