namespace PolyMM.Data.Polymarket;

/// <summary>GET /markets/{condition_id} on the CLOB: the authoritative tick size and reward terms.</summary>
public sealed record ClobMarket(
    string ConditionId,
    string? Question,
    IReadOnlyList<ClobToken> Tokens,
    decimal? MinimumTickSize,
    decimal? MinimumOrderSize,
    decimal? RewardsMinSize,
    decimal? RewardsMaxSpreadCents,
    decimal? RewardsDailyRate,
    string Raw);

/// <summary>One outcome token of a CLOB market.</summary>
public sealed record ClobToken(string TokenId, string? Outcome, decimal? Price);
