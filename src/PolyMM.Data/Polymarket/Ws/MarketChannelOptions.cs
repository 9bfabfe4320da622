namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// How the market-channel client connects (docs/design.md#websocket-market-channel). Defaults are the venue's:
/// text PING every 10 s, at most 200 assets per connection.
/// </summary>
public sealed record MarketChannelOptions
{
    public const string DefaultUrl = "wss://ws-subscriptions-clob.polymarket.com/ws/market";

    public Uri Url { get; init; } = new(DefaultUrl);

    /// <summary>Text <c>PING</c> interval.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>No data frame (PONGs do not count) for this long: the watchdog reconnects and asks for a resync.</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline of one connect attempt (TCP, TLS and upgrade).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="BackoffCap"/>, half of it jittered.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Assets per connection; more open more connections.</summary>
    public int MaxAssetsPerConnection { get; init; } = 200;

    /// <summary>Largest message accepted; a longer one is abandoned (<c>too_large</c>) and the connection reopened.</summary>
    public int MaxMessageBytes { get; init; } = 4 << 20;

    /// <summary>Seed of the reconnect jitter.</summary>
    public int JitterSeed { get; init; } = 1;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Url);
        if (Url.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"market channel URL must be ws:// or wss://, got {Url}");
        }

        foreach (var t in (TimeSpan[])[PingInterval, InactivityTimeout, ConnectTimeout, BackoffBase, BackoffCap])
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BackoffCap, BackoffBase);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAssetsPerConnection, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxAssetsPerConnection, 500);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 1024);
    }

    /// <summary>
    /// Delay before reconnect attempt <paramref name="attempt"/> (0-based): d = min(cap, base · 2^attempt), waited as
    /// d/2 plus a uniform draw in [0, d/2) so that many clients do not retry in step.
    /// </summary>
    public TimeSpan Backoff(int attempt, Random jitter)
    {
        ArgumentNullException.ThrowIfNull(jitter);
        var d = Math.Min(BackoffCap.TotalMilliseconds, BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds((d / 2) + (jitter.NextDouble() * d / 2));
    }
}
