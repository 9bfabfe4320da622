namespace PolyMM.Reports.Acceptance;

/// <summary>The verdict: one line <c>PASS: …</c> or <c>FAIL: …</c>, and an optional <c>WARNING: …</c> line.</summary>
public sealed record AcceptanceResult(bool Passed, string Line, string? Warning = null)
{
    public static AcceptanceResult Fail(string what) => new(false, "FAIL: " + what.ReplaceLineEndings(" ").Trim());
}
