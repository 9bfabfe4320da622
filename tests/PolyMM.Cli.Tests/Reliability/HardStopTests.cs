using System.Globalization;
using Microsoft.Data.Sqlite;
using PolyMM.Cli.Tests.Online;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests.Reliability;

/// <summary>
/// A run blocked where no cancellation reaches it still ends on SIGTERM (docs/design.md#engine-loop, "A stop that cannot
/// wait"), and what the ledger already holds survives the exit.
/// </summary>
public sealed class HardStopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_BlockedOnLockedDatabase_ExitsAfterGraceOnSigtermKeepingCommittedRuns()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 2, snapshots: 200, seed: 3);
        var db = dir.File("t.db");
        var first = Mm.Run("run", "--db", db, "--fixture-dir", fixture, "--markets", "2", "--reports-dir", dir.File("reports"), "--quiet");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var firstRun = (string)Db.Scalar(db, "SELECT run_id FROM runs")!;

        // Another process's writer holds the database: the child's first write (its run row) waits in SQLite's
        // busy handler (30 s), where neither the run loop nor a cancellation token is.
        using var holder = new SqliteConnection($"Data Source={db};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var env = new Dictionary<string, string> { ["MM_STOP_GRACE_SEC"] = "1" };
        using var child = Mm.Start(dir.Path, env, "run", "--db", db, "--fixture-dir", fixture, "--markets", "2", "--reports-dir", dir.File("reports"));
        var output = new OnlineSupport.Captured(child);

        // The ledger is opened after the signal handlers are installed: once the child has the file open, a SIGTERM
        // is certainly handled by mm, and the child is certainly at (or on its way to) the locked write.
        await WaitUntilOpenedAsync(child, db);
        Assert.False(child.HasExited, output.Err);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using (var patience = new CancellationTokenSource(Patience))
        {
            await child.WaitForExitAsync(patience.Token);
        }

        Assert.True(child.ExitCode == 143, $"exit {child.ExitCode}: {output.Err}");
        Assert.Contains("error: stopped by SIGTERM", output.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal:", output.Err, StringComparison.Ordinal);

        holder.Close();
        Assert.Equal("ok", Db.Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(firstRun, Db.Scalar(db, "SELECT group_concat(run_id) FROM runs"));
        Assert.Equal("complete", Db.Scalar(db, "SELECT status FROM runs"));
    }

    private static Task WaitUntilOpenedAsync(System.Diagnostics.Process child, string db)
    {
        var full = Path.GetFullPath(db);
        var fdDir = $"/proc/{child.Id}/fd";
        return OnlineSupport.WaitUntilAsync(
            () => child.HasExited || (Directory.Exists(fdDir) && Directory.EnumerateFileSystemEntries(fdDir).Any(fd => new FileInfo(fd).LinkTarget == full)),
            Patience,
            () => "mm never opened the ledger");
    }
}
