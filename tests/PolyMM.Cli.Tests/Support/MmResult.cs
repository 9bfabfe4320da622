namespace PolyMM.Cli.Tests.Support;

/// <summary>Exit code and captured output of one mm invocation.</summary>
internal sealed record MmResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string LastLine => StdoutLines.Length > 0 ? StdoutLines[^1] : string.Empty;

    /// <summary>The run id from the <c>Run complete:</c> line.</summary>
    public string RunId => StdoutLines.Last(l => l.StartsWith("Run complete:", StringComparison.Ordinal))
        .Split(' ').First(p => p.StartsWith("run_id=", StringComparison.Ordinal))["run_id=".Length..];
}
