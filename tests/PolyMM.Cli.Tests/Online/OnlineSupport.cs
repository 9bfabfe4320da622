using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using PolyMM.FakeVenue;

namespace PolyMM.Cli.Tests.Online;

/// <summary>Loopback venue start-up, child-process output capture and ledger queries for the online tests.</summary>
internal static class OnlineSupport
{
    // These tests drive real processes and sockets, so they wait on the system clock, explicitly.
    private static readonly TimeSpan PollStep = TimeSpan.FromMilliseconds(50);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> diagnostics)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException(diagnostics());
            }

            await Task.Delay(PollStep, TimeProvider.System);
        }
    }

    public static Task<VenueServer> StartVenueAsync(string fixtureDir, int pageSize = 100, double fault429 = 0, double fault500 = 0, double faultGarbage = 0) =>
        VenueServer.StartAsync(new VenueOptions(fixtureDir, PageSize: pageSize, Fault429: fault429, Fault500: fault500, FaultGarbage: faultGarbage, Seed: 11), CancellationToken.None);

    public static string Url(this VenueServer venue) => venue.BaseUrl.AbsoluteUri.TrimEnd('/');

    public static string[] Venue(this VenueServer venue) => ["--gamma-url", venue.Url(), "--clob-url", venue.Url()];

    public static List<object?[]> Query(string db, string sql)
    {
        using var conn = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Collects a child's stdout and stderr lines as they arrive.</summary>
    public sealed class Captured
    {
        private readonly StringBuilder _out = new();
        private readonly StringBuilder _err = new();
        private readonly object _gate = new();

        public Captured(Process process)
        {
            process.OutputDataReceived += (_, e) => Append(_out, e.Data);
            process.ErrorDataReceived += (_, e) => Append(_err, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Out
        {
            get
            {
                lock (_gate)
                {
                    return _out.ToString();
                }
            }
        }

        public string Err
        {
            get
            {
                lock (_gate)
                {
                    return _err.ToString();
                }
            }
        }

        public async Task WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (!condition(Out))
            {
                if (watch.Elapsed > timeout)
                {
                    throw new TimeoutException($"child output never matched; stdout:\n{Out}\nstderr:\n{Err}");
                }

                await Task.Delay(PollStep, TimeProvider.System);
            }
        }

        private void Append(StringBuilder sb, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                sb.AppendLine(line);
            }
        }
    }

    public static void SendSigint(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
