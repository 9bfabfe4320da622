using PolyMM.Core.Trust;

namespace PolyMM.Reports.Trust;

/// <summary>The result of a trust gate: its issues, and the debug bundle written when there were any.</summary>
public sealed record GateOutcome(string Stage, IReadOnlyList<GateIssue> Issues, string? BundlePath)
{
    public bool Passed => Issues.Count == 0;

    /// <summary>The lines a command prints when the gate failed: the first issue and where the bundle is.</summary>
    public IEnumerable<string> FailureLines()
    {
        yield return $"Trust gate {Stage} FAILED: {Issues.Count} issue(s); first: {Issues[0].Code}: {Issues[0].Message}";
        yield return $"Debug bundle: {BundlePath}";
    }
}
