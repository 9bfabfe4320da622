namespace PolyMM.FakeVenue;

/// <summary>
/// How the fake venue serves a fixture. Fault rates are probabilities per request, drawn from one RNG seeded with
/// <paramref name="Seed"/>: the same requests in the same order meet the same faults.
/// </summary>
/// <param name="FixtureDir">Directory holding markets.json and snapshots/&lt;market_id&gt;.jsonl (docs/design.md#fixture-format).</param>
/// <param name="Port">Loopback port; 0 picks any free port (read the bound one from <see cref="VenueServer.BaseUrl"/>).</param>
/// <param name="Fault429">Share of requests answered 429 with <c>Retry-After: 1</c>.</param>
/// <param name="Fault500">Share answered 500.</param>
/// <param name="FaultGarbage">Share answered 200 with a truncated JSON body.</param>
/// <param name="LatencyMs">Added delay before every answer.</param>
/// <param name="PageSize">Upper bound on Gamma page size; larger <c>limit</c>s are clamped silently, like upstream.</param>
/// <param name="Seed">Seed of the fault RNG.</param>
public sealed record VenueOptions(
    string FixtureDir,
    int Port = 0,
    double Fault429 = 0,
    double Fault500 = 0,
    double FaultGarbage = 0,
    int LatencyMs = 0,
    int PageSize = 100,
    int Seed = 42)
{
    /// <summary>Answer 404 on GET /markets/keyset, so clients must fall back to the legacy list.</summary>
    public bool DisableKeyset { get; init; }

    /// <summary>Answer 404 on the legacy GET /markets too (with <see cref="DisableKeyset"/>: "the API moved").</summary>
    public bool DisableLegacyList { get; init; }

    /// <summary>Share of requests answered 200 with 64 MiB of spaces, past every client size limit (drawn after the others).</summary>
    public double FaultOversize { get; init; }

    /// <summary>
    /// Share answered 429 with a Retry-After far past any client cap: alternately <c>999999</c> seconds and an HTTP date a
    /// year ahead (drawn after the oversize share).
    /// </summary>
    public double FaultLongRetryAfter { get; init; }

    /// <summary>Share answered 302 to another host (<c>elsewhere.invalid</c>), which a client must not follow.</summary>
    public double FaultRedirect { get; init; }

    /// <summary>Share that announce a body, send a few bytes of it and then abort the connection.</summary>
    public double FaultReset { get; init; }

    /// <summary>Share answered <c>Content-Encoding: gzip</c> with about 64 KB that inflate to 64 MiB of spaces.</summary>
    public double FaultGzipBomb { get; init; }

    /// <summary>All fault shares in draw order; their sum is the share of requests that meet a fault.</summary>
    internal double[] FaultShares => [Fault429, Fault500, FaultGarbage, FaultOversize, FaultLongRetryAfter, FaultRedirect, FaultReset, FaultGzipBomb];

    /// <summary>Serve clobTokenIds as a plain JSON array instead of the usual JSON-encoded string.</summary>
    public bool PlainArrayTokenIds { get; init; }

    /// <summary>Market channel (<c>/ws/market</c>): time between synthesised (or replayed) frames per connection.</summary>
    public double WsIntervalMs { get; init; } = 100;

    /// <summary>Steps per second per connection (one recorded frame, or one synthesised frame per market); 0 paces by <see cref="WsIntervalMs"/>.</summary>
    public double WsRateFps { get; init; }

    /// <summary>Market channel: a raw recording (ws-*.jsonl.gz) whose frames are streamed instead of synthesised ones.</summary>
    public string? WsRecordingDir { get; init; }

    /// <summary>Market channel: close every connection after this many seconds (0 = never).</summary>
    public double WsDisconnectEverySec { get; init; }

    /// <summary>Market channel: share of data frames dropped.</summary>
    public double WsDropRate { get; init; }

    /// <summary>Market channel: share of data frames sent twice.</summary>
    public double WsDuplicateRate { get; init; }

    /// <summary>Market channel: share of data frames held back <see cref="WsDelayMs"/> before sending.</summary>
    public double WsDelayRate { get; init; }

    public double WsDelayMs { get; init; } = 500;

    /// <summary>Market channel: share of data frames replaced by truncated JSON.</summary>
    public double WsMalformedRate { get; init; }

    /// <summary>Market channel: once per venue, a connection this many seconds old goes silent (still answering PING); negative = never.</summary>
    public double WsFreezeAfterSec { get; init; } = -1;

    /// <summary>Length of that silent freeze, seconds.</summary>
    public double WsFreezeSec { get; init; } = 30;

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(FixtureDir);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        foreach (var rate in FaultShares)
        {
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Fault429), rate, "fault rates must be in [0,1]");
            }
        }

        if (FaultShares.Sum() > 1)
        {
            throw new ArgumentException("fault rates add up to more than 1");
        }

        foreach (var rate in (double[])[WsDropRate, WsDuplicateRate, WsDelayRate, WsMalformedRate])
        {
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(WsDropRate), rate, "market-channel fault rates must be in [0,1]");
            }
        }

        if (WsDropRate + WsDuplicateRate + WsDelayRate + WsMalformedRate > 1)
        {
            throw new ArgumentException("market-channel fault rates add up to more than 1");
        }

        if (!(WsIntervalMs > 0) || !(WsRateFps >= 0) || WsDisconnectEverySec < 0 || WsDelayMs < 0 || WsFreezeSec < 0)
        {
            throw new ArgumentException("--ws-interval-ms must be > 0, --ws-rate-fps >= 0; disconnect, delay and freeze times >= 0");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(LatencyMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(PageSize, 1);
    }
}
