using System.CommandLine;
using System.Globalization;
using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Running;

/// <summary>
/// The bounds every online command puts on the venue (docs/online.md): response size, start-up deadline, longest
/// Retry-After honoured, and how many candidates the Tier-A scan may fetch.
/// </summary>
internal sealed record OnlineLimits
{
    public const decimal DefaultStartupTimeoutSec = 180m;
    public const decimal DefaultMaxRetryAfterSec = 60m;

    /// <summary>Size limit of every answer in MB; null keeps the per-endpoint defaults (16 MB lists, 4 MB the rest).</summary>
    public decimal? MaxResponseMb { get; init; }

    public decimal StartupTimeoutSec { get; init; } = DefaultStartupTimeoutSec;

    public decimal MaxRetryAfterSec { get; init; } = DefaultMaxRetryAfterSec;

    public int ScanLimit { get; init; } = OnlineMarkets.DefaultMaxScan;

    public TimeSpan StartupTimeout => Seconds(StartupTimeoutSec);

    /// <summary>The first invalid bound as a one-line message naming its flag, or null.</summary>
    public string? Validate() =>
        MaxResponseMb is { } mb && (mb < 0.01m || mb > 4096m) ? $"--max-response-mb must be in [0.01, 4096] (got {mb.ToString(CultureInfo.InvariantCulture)})"
        : StartupTimeoutSec <= 0m || StartupTimeoutSec > 86_400m ? $"--startup-timeout-sec must be in (0, 86400] (got {StartupTimeoutSec.ToString(CultureInfo.InvariantCulture)})"
        : MaxRetryAfterSec < 0m || MaxRetryAfterSec > 86_400m ? $"--max-retry-after-sec must be in [0, 86400] (got {MaxRetryAfterSec.ToString(CultureInfo.InvariantCulture)})"
        : ScanLimit < 1 ? $"--scan-limit must be at least 1 (got {ScanLimit.ToString(CultureInfo.InvariantCulture)})"
        : null;

    public PolymarketOptions Apply(PolymarketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bytes = MaxResponseMb is { } mb ? (long)(mb * (1 << 20)) : (long?)null;
        return options with
        {
            MaxListResponseBytes = bytes ?? options.MaxListResponseBytes,
            MaxResponseBytes = bytes ?? options.MaxResponseBytes,
            MaxRetryAfter = Seconds(MaxRetryAfterSec),
        };
    }

    private static TimeSpan Seconds(decimal s) => TimeSpan.FromTicks((long)(s * TimeSpan.TicksPerSecond));
}

/// <summary>The <see cref="OnlineLimits"/> flags for the commands that do not bind <see cref="RunSettings"/>.</summary>
internal sealed class OnlineLimitOptions
{
    public Option<decimal?> MaxResponseMb { get; } = new("--max-response-mb") { Description = Describe.MaxResponseMb };

    public Option<decimal> StartupTimeoutSec { get; } = new("--startup-timeout-sec")
    {
        Description = Describe.StartupTimeoutSec,
        DefaultValueFactory = _ => OnlineLimits.DefaultStartupTimeoutSec,
    };

    public Option<decimal> MaxRetryAfterSec { get; } = new("--max-retry-after-sec")
    {
        Description = Describe.MaxRetryAfterSec,
        DefaultValueFactory = _ => OnlineLimits.DefaultMaxRetryAfterSec,
    };

    public Option<int> ScanLimit { get; } = new("--scan-limit")
    {
        Description = Describe.ScanLimit,
        DefaultValueFactory = _ => OnlineMarkets.DefaultMaxScan,
    };

    private bool _withScan;

    public void AddTo(Command command, bool withScan)
    {
        ArgumentNullException.ThrowIfNull(command);
        _withScan = withScan;
        command.Options.Add(MaxResponseMb);
        command.Options.Add(StartupTimeoutSec);
        command.Options.Add(MaxRetryAfterSec);
        if (withScan)
        {
            command.Options.Add(ScanLimit);
        }
    }

    /// <summary>The limits given; a <see cref="SettingsException"/> (exit 2) when one is out of range.</summary>
    public OnlineLimits Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var limits = new OnlineLimits
        {
            MaxResponseMb = result.GetValue(MaxResponseMb),
            StartupTimeoutSec = result.GetValue(StartupTimeoutSec),
            MaxRetryAfterSec = result.GetValue(MaxRetryAfterSec),
            ScanLimit = _withScan ? result.GetValue(ScanLimit) : OnlineMarkets.DefaultMaxScan,
        };
        return limits.Validate() is { } problem ? throw new SettingsException(problem) : limits;
    }

    /// <summary>
    /// Flag descriptions shared with <see cref="RunOptions"/>. Without the default: the options here show it from their
    /// default value; <see cref="RunOptions"/> (whose defaults come from the config) appends it with <see cref="WithDefault"/>.
    /// </summary>
    internal static class Describe
    {
        public const string MaxResponseMb = "size limit of every venue answer, MB after decompression [default: 16 for market-list pages and book batches, 4 for others]";
        public const string StartupTimeoutSec = "deadline for discovery and selection, seconds; then exit 2 naming the host";
        public const string MaxRetryAfterSec = "longest Retry-After honoured, seconds; a longer one stops start-up, and in a run cools down this long";
        public const string ScanLimit = "most candidates whose books the Tier-A scan fetches";

        public static string WithDefault(string description, object value) =>
            string.Create(CultureInfo.InvariantCulture, $"{description} [default: {value}]");
    }
}
