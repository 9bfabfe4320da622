using System.Globalization;
using Spectre.Console;

namespace PolyMM.Cli.Running;

/// <summary>
/// Where a command's progress goes. <c>Program.Main</c> sends it to stderr, live when stderr is a terminal and as plain
/// lines otherwise; in-process callers (tests, embedding) get <see cref="None"/> unless they ask. <see cref="Prefix"/>
/// marks the step of a pipeline (<c>[3/7] </c>).
/// </summary>
internal sealed record ProgressOutput(TextWriter Writer, bool IsTerminal, bool Enabled = true, string Prefix = "")
{
    public static ProgressOutput None { get; } = new(TextWriter.Null, IsTerminal: false, Enabled: false);

    /// <summary>The <c>--quiet</c> flag of every command with long work.</summary>
    public static System.CommandLine.Option<bool> QuietOption() => new("--quiet") { Description = "no progress on stderr (it is shown by default: a bar on a terminal, a line every 5 s otherwise)" };

    /// <summary>This output, or none when the command was given <c>--quiet</c>.</summary>
    public ProgressOutput Unless(bool quiet) => quiet ? None : this;
}

/// <summary>
/// The one progress reporter of the CLI (issue 12, item 7). The work calls <see cref="Update"/> as it goes (cheap, any
/// thread); on a terminal a Spectre.Console bar shows percent, rate and ETA, and every <see cref="HeartbeatEvery"/> a
/// heartbeat line is printed above it when asked for; elsewhere a timer on the CLI's <see cref="TimeProvider"/> prints
/// one plain line every <see cref="PlainEvery"/>. Dispose ends the display before the command's summary is printed, so
/// stdout's last line is unchanged. Only wall-clock pacing lives here; the engine only reports event time it reached.
/// </summary>
internal sealed class ProgressReporter : IDisposable
{
    public static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    private readonly ProgressOutput _output;
    private readonly TimeProvider _clock;
    private readonly string _label;
    private readonly string _unit;
    private readonly bool _heartbeat;
    private readonly long _started;
    private readonly Lock _gate = new();
    private readonly ITimer? _timer;
    private readonly CancellationTokenSource? _stop;
    private readonly Task? _display;
    private readonly string? _rateUnit;
    private double _done;
    private double _items;
    private double? _total;
    private string _detail = string.Empty;
    private bool _disposed;

    private ProgressReporter(ProgressOutput output, TimeProvider clock, string label, double? total, string unit, bool heartbeat, string? rateUnit)
    {
        _rateUnit = rateUnit;
        _output = output;
        _clock = clock;
        _label = label;
        _total = total;
        _unit = unit;
        _heartbeat = heartbeat;
        _started = clock.GetTimestamp();
        if (!output.Enabled)
        {
            return;
        }

        if (output.IsTerminal)
        {
            _stop = new CancellationTokenSource();
            _display = Task.Run(() => LiveAsync(_stop.Token));
        }
        else
        {
            _timer = clock.CreateTimer(_ => WritePlain(), null, PlainEvery, PlainEvery);
        }
    }

    /// <summary>
    /// Starts reporting <paramref name="label"/>; <paramref name="total"/> (in <paramref name="unit"/>) gives percent
    /// and ETA, null shows the amount and rate only. <paramref name="heartbeat"/> adds a line every 30 s on a terminal.
    /// With <paramref name="rateUnit"/> the rate is of the items passed to <see cref="Update"/> (ticks/s), else of the amount.
    /// </summary>
    public static ProgressReporter Start(
        ProgressOutput output, TimeProvider clock, string label, double? total, string unit, bool heartbeat = false, string? rateUnit = null) =>
        new(output, clock, label, total, unit, heartbeat, rateUnit);

    /// <summary>Work done so far (same unit as the total), and a short state such as <c>fills=3 event_time=…</c>.</summary>
    public void Update(double done, string? detail = null, double? total = null, double? items = null)
    {
        if (!_output.Enabled)
        {
            return;
        }

        lock (_gate)
        {
            _done = done;
            _items = items ?? _items;
            _detail = detail ?? _detail;
            _total = total ?? _total;
        }
    }

    /// <summary>One consistent copy of the state the reporting thread and the callers share.</summary>
    private (double Done, double Items, double? Total, string Detail) State()
    {
        lock (_gate)
        {
            return (_done, _items, _total, _detail);
        }
    }

    /// <summary>The plain line for the state now: label, percent, amount, rate, ETA, then the state text.</summary>
    public string Line()
    {
        var (done, items, total, detail) = State();

        var elapsed = _clock.GetElapsedTime(_started);
        var seconds = elapsed.TotalSeconds;
        var rate = seconds > 0 ? done / seconds : 0;
        var parts = new List<string> { $"{_output.Prefix}{_label}:" };
        if (total is > 0 and var t)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Math.Min(100, 100 * done / t):0.0}%"));
            if (_unit != "%")
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{done:0.##}/{t:0.##} {_unit}"));
            }
        }
        else
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{done:0.##} {_unit}"));
        }

        parts.Add(RateText(done, items, seconds));
        parts.Add($"elapsed={Duration(elapsed)}");
        if (total is > 0 and var t2 && rate > 0 && done < t2)
        {
            parts.Add($"eta={Duration(TimeSpan.FromSeconds((t2 - done) / rate))}");
        }

        if (detail.Length > 0)
        {
            parts.Add(detail);
        }

        return string.Join(' ', parts);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer?.Dispose();
        if (_stop is not null)
        {
            _stop.Cancel();
            try
            {
                _display!.Wait();
            }
            catch (AggregateException)
            {
                // A display that failed (no usable terminal) must not fail the command.
            }

            _stop.Dispose();
        }
    }

    private string RateText(double done, double items, double seconds) => _rateUnit is null
        ? string.Create(CultureInfo.InvariantCulture, $"rate={(seconds > 0 ? done / seconds : 0):0.#} {_unit}/s")
        : string.Create(CultureInfo.InvariantCulture, $"rate={(seconds > 0 ? items / seconds : 0):0.#} {_rateUnit}/s");

    private static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
        : t.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)t.TotalSeconds)}s");

    private void WritePlain()
    {
        var line = Line();
        lock (_gate)
        {
            if (!_disposed)
            {
                _output.Writer.WriteLine(line);
            }
        }
    }

    private async Task LiveAsync(CancellationToken stop)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_output.Writer),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        var progress = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn());
        await progress.StartAsync(async ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(_output.Prefix + _label));
            var lastBeat = _clock.GetTimestamp();
            while (true)
            {
                var (done, items, total, detail) = State();

                task.IsIndeterminate = total is not > 0;
                task.MaxValue = total is > 0 and var t ? t : 1;
                task.Value = Math.Min(done, task.MaxValue);
                var amount = total is > 0 && _unit == "%" ? string.Empty : $" {done.ToString("0.##", CultureInfo.InvariantCulture)} {_unit}";
                task.Description = Markup.Escape($"{_output.Prefix}{_label}{amount} {RateText(done, items, _clock.GetElapsedTime(_started).TotalSeconds)} {detail}".TrimEnd());
                if (_heartbeat && _clock.GetElapsedTime(lastBeat) >= HeartbeatEvery)
                {
                    lastBeat = _clock.GetTimestamp();
                    console.MarkupLine(Markup.Escape(Line()));
                }

                if (stop.IsCancellationRequested)
                {
                    task.StopTask();
                    return;
                }

                try
                {
                    await Task.Delay(Refresh, _clock, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }).ConfigureAwait(false);
    }
}
