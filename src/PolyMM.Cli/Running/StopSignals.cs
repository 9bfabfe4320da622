using System.Runtime.InteropServices;

namespace PolyMM.Cli.Running;

/// <summary>
/// Turns SIGINT and SIGTERM into a cancellation the long commands honour, remembering which signal came
/// so the command can exit 130 or 143 after it has stopped cleanly. A command blocked where the cancellation cannot
/// reach it is ended by <see cref="HardStop"/>.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _int;
    private readonly PosixSignalRegistration _term;

    public StopSignals()
    {
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, On);
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, On);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM (128 + signal number).</summary>
    public int ExitCode { get; private set; } = ExitCodes.Sigint;

    public void Dispose()
    {
        _int.Dispose();
        _term.Dispose();
        _cts.Dispose();
    }

    private void On(PosixSignalContext context)
    {
        context.Cancel = true;
        ExitCode = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Sigterm : ExitCodes.Sigint;
        _cts.Cancel();
        HardStop.Current?.OnSignal(ExitCode, context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT");
    }
}
