namespace PolyMM.Data.Polymarket;

/// <summary>
/// An expected failure of one venue call, as a value. <see cref="IsTransient"/> says whether the same call may
/// succeed later (429, 5xx, timeout, garbage body) as opposed to a configuration or API problem (DNS, 404).
/// </summary>
public sealed record FetchError(string Kind, string Message, bool IsTransient)
{
    /// <summary>The host the failing request went to (always set for dns / connection_refused).</summary>
    public string? Host { get; init; }

    /// <summary>HTTP status when the venue answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>For http_429 and cooldown: how long we wait before calling the host again (capped).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For http_429: how long the host asked for, before the cap (at most a year, so it always fits a delay).</summary>
    public TimeSpan? RetryAfterDemanded { get; init; }

    public override string ToString() => Host is null ? $"{Kind}: {Message}" : $"{Kind} ({Host}): {Message}";
}
