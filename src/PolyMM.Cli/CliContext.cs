namespace PolyMM.Cli;

/// <summary>What every command gets from the composition root: output writers and the wall clock.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, TimeProvider clock)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    public TimeProvider Clock { get; } = clock;
}
