using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PolyMM.Cli.Tests.Support;
using PolyMM.FakeVenue;
using static PolyMM.Cli.Tests.Online.OnlineSupport;

namespace PolyMM.Cli.Tests.Online;

/// <summary>
/// mm connectivity and mm run --data-mode online against <see cref="HostileServer"/>: each ends with one line and
/// exit 2 at start-up, or a completed run with the fault counted, never <c>internal:</c>; memory stays bounded.
/// </summary>
public sealed class HostileVenueCliTests : IDisposable
{
    // Hang guard for child processes; the assertions never depend on how long a command took.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);

    // Before the limits an endless body grew mm past 3 GB; bounded, it stays well under this generous ceiling.
    private const long RssCeilingBytes = 400L << 20;

    private readonly TempDir _dir = new();
    private readonly string _fixture;

    public HostileVenueCliTests()
    {
        _fixture = OnlineFixture.Write(_dir.File("fixture"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Connectivity_EndlessBody_ExitsTwoWithTooLargeLineInBoundedMemory()
    {
        await using var server = HostileServer.Start(HostileMode.EndlessBody);

        var (code, _, err, peak) = await RunChildAsync("connectivity", "--gamma-url", Url(server), "--clob-url", Url(server));

        Assert.Equal(2, code);
        var line = Assert.Single(Lines(err));
        Assert.Contains("too_large", line, StringComparison.Ordinal);
        Assert.Contains("16 MB", line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal:", err, StringComparison.Ordinal);
        Assert.True(peak < RssCeilingBytes, $"peak RSS {peak} bytes");
    }

    [Fact]
    public async Task Run_EndlessBodyFromClob_RunCompletesWithTooLargeCountedInBoundedMemory()
    {
        await using var venue = await StartVenueAsync(_fixture);
        await using var server = HostileServer.Start(HostileMode.EndlessBody);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl.json"), OnlineFixture.TierA.Take(2));
        var db = _dir.File("t.db");

        var (code, stdout, err, peak) = await RunChildAsync(
            "run", "--data-mode", "online", "--db", db, "--poll-interval-sec", "0.2", "--max-runtime-min", "0.03",
            "--whitelist", whitelist, "--gamma-url", venue.Url(), "--clob-url", Url(server));

        Assert.DoesNotContain("internal:", err, StringComparison.Ordinal);
        Assert.Contains("Run complete:", stdout, StringComparison.Ordinal);
        Assert.True(FetchErrors(db).GetValueOrDefault("too_large") > 0, $"stderr: {err}");
        Assert.True(peak < RssCeilingBytes, $"peak RSS {peak} bytes");
        Assert.InRange(code, 0, 2);
    }

    [Theory]
    [InlineData("999999", "for 999999 s; try later")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT", "for more than 365 days; try later")]
    public async Task Run_AbsurdRetryAfterAtStartup_ExitsTwoSayingRateLimited(string retryAfter, string expected)
    {
        await using var server = HostileServer.Start(HostileMode.TooManyRequests, retryAfter);

        var result = Mm.Run("run", "--data-mode", "online", "--db", _dir.File("t.db"), "--max-runtime-min", "0.01",
            "--gamma-url", Url(server), "--clob-url", Url(server));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains($"rate-limited by {server.BaseUrl.Authority} {expected}", line, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests); // no retry waits out a demand beyond the cap
    }

    [Fact]
    public async Task Connectivity_AbsurdRetryAfterDate_ExitsTwoSayingRateLimited()
    {
        await using var server = HostileServer.Start(HostileMode.TooManyRequests, "Fri, 31 Dec 9999 23:59:59 GMT");

        var result = Mm.Run("connectivity", "--gamma-url", Url(server), "--clob-url", Url(server));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.EndsWith("try later", line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AbsurdRetryAfterFromClobDuringRun_CoolsDownForTheCapAndCountsIt()
    {
        await using var venue = await StartVenueAsync(_fixture);
        await using var server = HostileServer.Start(HostileMode.TooManyRequests, "999999");
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl.json"), OnlineFixture.TierA.Take(2));
        var db = _dir.File("t.db");

        // 30 polls paced 0.1 s apart take at least 2.9 s however slow the machine, so cool-downs capped at 0.5 s end
        // during the run (the 10 minutes are only a backstop).
        var result = Mm.Run("run", "--data-mode", "online", "--db", db, "--poll-interval-sec", "0.1", "--max-runtime-min", "10", "--max-polls", "30",
            "--max-retry-after-sec", "0.5", "--whitelist", whitelist, "--gamma-url", venue.Url(), "--clob-url", Url(server));

        Assert.DoesNotContain("internal:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run complete:", result.Stdout, StringComparison.Ordinal);
        var errors = FetchErrors(db);
        Assert.True(errors.GetValueOrDefault("http_429") > 0, string.Join(",", errors));
        Assert.True(errors.GetValueOrDefault("cooldown") > 0, string.Join(",", errors));
        // Capped at 0.5 s the host is asked again during the run; honoured, 999999 s would allow one request.
        Assert.True(server.Requests > 1, $"requests {server.Requests}");
    }

    [Fact]
    public async Task Connectivity_OneBytePerSecond_StartupDeadlineLineNamesHostAndStep()
    {
        await using var server = HostileServer.Start(HostileMode.Drip);

        var result = Mm.Run("connectivity", "--startup-timeout-sec", "2", "--gamma-url", Url(server), "--clob-url", Url(server));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Equal($"error: connectivity check did not finish within 2 s: still waiting for {server.BaseUrl.Authority} (the market list); see --startup-timeout-sec", line);
    }

    [Fact]
    public async Task Run_CrossHostRedirect_ExitsTwoWithRedirectLineNamingTarget()
    {
        await using var server = HostileServer.Start(HostileMode.CrossHostRedirect);

        var result = Mm.Run("run", "--data-mode", "online", "--db", _dir.File("t.db"), "--max-runtime-min", "0.01",
            "--gamma-url", Url(server), "--clob-url", Url(server));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains("redirect:", line, StringComparison.Ordinal);
        Assert.Contains("elsewhere.invalid", line, StringComparison.Ordinal);
        Assert.DoesNotContain("http_4xx", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MaxResponseMbZero_ExitsTwoNamingTheFlag()
    {
        var result = Mm.Run("run", "--data-mode", "online", "--db", _dir.File("t.db"), "--max-response-mb", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--max-response-mb", result.Stderr, StringComparison.Ordinal);
    }

    private static string Url(HostileServer server) => server.BaseUrl.AbsoluteUri.TrimEnd('/');

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Dictionary<string, long> FetchErrors(string db)
    {
        var stats = (string)Query(db, "SELECT stats FROM runs").Single()[0]!;
        using var doc = JsonDocument.Parse(stats);
        return doc.RootElement.GetProperty("fetch_errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    /// <summary>Runs mm as a child; peak RSS is the kernel's high-water mark (VmHWM), sampled until exit.</summary>
    private async Task<(int Code, string Stdout, string Stderr, long PeakRss)> RunChildAsync(params string[] args)
    {
        using var child = Mm.Start(_dir.Path, args);
        var output = new Captured(child);
        long peak = 0;
        var watch = Stopwatch.StartNew();
        while (!child.HasExited)
        {
            peak = Math.Max(peak, HighWaterMark(child.Id));
            if (watch.Elapsed > Guard)
            {
                child.Kill(entireProcessTree: true);
                throw new TimeoutException($"mm did not finish; stderr:\n{output.Err}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        await child.WaitForExitAsync();
        return (child.ExitCode, output.Out, output.Err, peak);
    }

    private static long HighWaterMark(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0; // exited between the check and the read
        }
    }
}
