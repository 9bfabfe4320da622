using System.Diagnostics;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Cli.Tests.Online;

namespace PolyMM.Cli.Tests.Support;

/// <summary>
/// Holds a child <c>mm run</c> after a given tick (the <see cref="TestPause"/> seam), so a kill, a signal or a
/// concurrent reader meets a run that is certainly in progress: no test depends on how fast the machine is.
/// </summary>
internal sealed class RunPause
{
    public RunPause(string dir, long tick)
    {
        Dir = dir;
        Tick = tick;
        Directory.CreateDirectory(dir);
    }

    public string Dir { get; }

    public long Tick { get; }

    /// <summary>The variables to start the child with.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        [TestPause.TickVariable] = Tick.ToString(CultureInfo.InvariantCulture),
        [TestPause.DirVariable] = Dir,
    };

    /// <summary>Waits until the child holds after <see cref="Tick"/>; fails, with its output, if it exits instead.</summary>
    public async Task WaitUntilPausedAsync(Process child, OnlineSupport.Captured output, TimeSpan patience)
    {
        var paused = Path.Combine(Dir, "paused");
        await OnlineSupport.WaitUntilAsync(() => File.Exists(paused) || child.HasExited, patience,
            () => $"mm never paused at tick {Tick}; stdout:\n{output.Out}\nstderr:\n{output.Err}");
        Assert.False(child.HasExited, $"mm exited before tick {Tick}; stdout:\n{output.Out}\nstderr:\n{output.Err}");
    }

    /// <summary>Lets the paused run go on.</summary>
    public void Resume() => File.WriteAllText(Path.Combine(Dir, "resume"), string.Empty);
}
