using PolyMM.Core.Trust;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// Which fills can be trusted, and the trust gates re-run over the stored run. A truthful fill has a real
/// (clob) book snapshot and a fill price from a fill model; the rest are counted by the first reason that
/// excludes them.
/// </summary>
public sealed record TruthSection(
    long TruthfulFills,
    long Fills,
    double? TruthfulRate,
    long NonFillSource,
    long MissingSnapshot,
    long SyntheticBook,
    bool ReconciliationPassed,
    IReadOnlyList<GateIssue> IntegrityIssues)
{
    public string ReconciliationStatus => ReconciliationPassed ? "pass" : "fail";
}
