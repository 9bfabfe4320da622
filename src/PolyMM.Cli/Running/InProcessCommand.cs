namespace PolyMM.Cli.Running;

/// <summary>
/// Runs one <c>mm</c> command in-process — the same code path as a user typing it — showing its output on the
/// given writers as it comes and returning a copy, so a pipeline (<c>experiment</c>, <c>smoke</c>) can log and
/// parse each step.
/// </summary>
internal static class InProcessCommand
{
    /// <remarks>The step's progress goes straight to <paramref name="progress"/> (the user's stderr), not into the copy.</remarks>
    public static (int Code, string Stdout, string Stderr) Run(
        CliContext cli, IReadOnlyList<string> args, TextWriter liveOut, TextWriter liveErr, ProgressOutput? progress = null)
    {
        using var stdout = new TeeWriter(liveOut);
        using var stderr = new TeeWriter(liveErr);
        var code = Program.Run([.. args], stdout, stderr, cli.Clock, progress ?? ProgressOutput.None);
        return (code, stdout.Captured, stderr.Captured);
    }
}
