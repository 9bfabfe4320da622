namespace PolyMM.FakeVenue;

/// <summary>One line of snapshots/&lt;id&gt;.jsonl; null fields were absent (or null) in the line.</summary>
internal sealed record FixtureSnapshot(
    DateTimeOffset? Timestamp,
    decimal? BestBid,
    decimal? BestAsk,
    decimal? MidPrice,
    decimal? DepthBid1,
    decimal? DepthAsk1,
    decimal? LastTradePrice,
    string? BookSource);
