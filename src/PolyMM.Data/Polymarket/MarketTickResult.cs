namespace PolyMM.Data.Polymarket;

/// <summary>A market's outcome for one tick: a <see cref="MarketTick"/> or the error that made us skip it.</summary>
public sealed record MarketTickResult(string MarketId, FetchResult<MarketTick> Result);
