namespace PolyMM.Data.Polymarket;

/// <summary>The stable spellings of <see cref="FetchError.Kind"/>; reports and counters key on these.</summary>
public static class FetchErrorKinds
{
    /// <summary>The venue said 429; the market is skipped this tick and the host rests until Retry-After passes.</summary>
    public const string Http429 = "http_429";

    /// <summary>The host is still inside a Retry-After window from an earlier 429; no request was sent.</summary>
    public const string Cooldown = "cooldown";

    public const string Http5xx = "http_5xx";
    public const string Http404 = "http_404";

    /// <summary>Any other non-success status (400, 403, 422 ...).</summary>
    public const string Http4xx = "http_4xx";

    /// <summary>The request's deadline (headers and body) elapsed, after retries.</summary>
    public const string Timeout = "timeout";

    /// <summary>The body was not the JSON shape we expected (truncated, HTML, wrong type).</summary>
    public const string BadJson = "bad_json";

    /// <summary>The host name did not resolve. Carries <see cref="FetchError.Host"/>.</summary>
    public const string Dns = "dns";

    /// <summary>Nothing listens on the host/port. Carries <see cref="FetchError.Host"/>.</summary>
    public const string ConnectionRefused = "connection_refused";

    /// <summary>Both keyset and legacy market lists answered 404: the API may have moved.</summary>
    public const string ApiMoved = "api_moved";

    /// <summary>The venue answered, but with nothing a snapshot can be built from (no book, no reference price).</summary>
    public const string NoData = "no_data";

    /// <summary>The answer outgrew its size limit (after decompression); the request was abandoned mid-stream.</summary>
    public const string TooLarge = "too_large";

    /// <summary>The connection broke (reset, closed) before the answer was complete.</summary>
    public const string ConnectionLost = "connection_lost";

    /// <summary>The venue answered 3xx; redirects are never followed. Carries the target host in the message.</summary>
    public const string Redirect = "redirect";

    public const string Other = "other";
}
