using PolyMM.Cli.Running;

namespace PolyMM.Cli;

/// <summary>What every command gets from the composition root: output writers, the wall clock and where progress goes.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, TimeProvider clock, ProgressOutput? progress = null)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Progress of long work (stderr for a user; none for in-process callers unless they ask).</summary>
    public ProgressOutput Progress { get; } = progress ?? ProgressOutput.None;
}
