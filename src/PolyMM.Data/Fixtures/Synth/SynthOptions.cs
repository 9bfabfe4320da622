namespace PolyMM.Data.Fixtures.Synth;

/// <summary>
/// What <c>mm fixture synth</c> generates: <see cref="Markets"/> markets of <see cref="Snapshots"/> lines each,
/// fully determined by <see cref="Seed"/>. <see cref="Tight"/> makes Tier-A books (spread ≤ 1 %, depth ≥ 1000)
/// so automatic selection picks every market.
/// </summary>
public sealed record SynthOptions(int Markets, long Snapshots, long Seed, bool Tight)
{
    /// <summary>Event time of the first line of every market; lines follow every <see cref="Interval"/>.</summary>
    public static DateTime Epoch { get; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The id of market <paramref name="index"/> (0-based); zero-padded so ids sort in index order.</summary>
    public static string MarketId(int index) => $"synth-mkt-{index + 1:D4}";
}
