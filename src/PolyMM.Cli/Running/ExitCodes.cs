namespace PolyMM.Cli.Running;

/// <summary>Process exit codes (docs/design.md#exit-codes).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int TrustGate = 3;
    public const int Sigint = 130;
    public const int Sigterm = 143;
}
