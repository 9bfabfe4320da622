namespace PolyMM.Data.Polymarket;

/// <summary>GET /last-trade-price: price is null when the token never traded (side is "" then).</summary>
public sealed record LastTrade(decimal? Price, string? Side, string Raw);
