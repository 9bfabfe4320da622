namespace PolyMM.Core.Ledger;

/// <summary>The <c>runs.status</c> values.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Complete = "complete";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}
