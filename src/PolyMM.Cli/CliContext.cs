using PolyMM.Cli.Running;

namespace PolyMM.Cli;

/// <summary>What every command gets from the composition root: output writers and the wall clock.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, TimeProvider clock)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Online runs are wired in by the online adapter; until then they are refused clearly.</summary>
    public Func<RunSettings, RunPipeline, StopSignals, int> RunOnline { get; set; } =
        (_, _, _) => throw new SettingsException("--data-mode online is not available in this build");
}
