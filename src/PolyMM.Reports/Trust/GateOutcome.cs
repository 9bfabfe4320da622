using PolyMM.Core.Trust;

namespace PolyMM.Reports.Trust;

/// <summary>The result of a trust gate: its issues, and the debug bundle written when there were any.</summary>
public sealed record GateOutcome(string Stage, IReadOnlyList<GateIssue> Issues, string? BundlePath)
{
    public bool Passed => Issues.Count == 0;
}
