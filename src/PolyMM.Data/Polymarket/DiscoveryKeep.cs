namespace PolyMM.Data.Polymarket;

/// <summary>
/// What discovery keeps when the caller needs only part of the list: the <paramref name="Limit"/> markets with the
/// smallest ids (ordinal) among those passing <paramref name="Filter"/>.
/// </summary>
public sealed record DiscoveryKeep(int Limit, Func<GammaMarket, bool> Filter);
