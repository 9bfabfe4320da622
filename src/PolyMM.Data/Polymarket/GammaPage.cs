namespace PolyMM.Data.Polymarket;

/// <summary>One page of a Gamma market listing; <see cref="NextCursor"/> null on the last keyset page.</summary>
public sealed record GammaPage(IReadOnlyList<GammaMarket> Markets, string? NextCursor);
