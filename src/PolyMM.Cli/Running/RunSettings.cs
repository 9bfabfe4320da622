namespace PolyMM.Cli.Running;

/// <summary>
/// Every parameter of a run, with the documented defaults. Bound from config/market_making.json and then
/// from command-line flags; validated once at start-up. Stored whole in <c>runs.params</c>.
/// </summary>
internal sealed record RunSettings
{
    private readonly string _fillModel = Core.Fills.TradeThroughFillModel.ModelName;

    public string DataMode { get; init; } = "offline";
    public string Db { get; init; } = "trades.db";
    public string RunTag { get; init; } = "MARKET_MAKING_TEST";
    public string? RunId { get; init; }
    public decimal Bankroll { get; init; } = 10_000m;
    public int Markets { get; init; } = 5;
    public string? Whitelist { get; init; }
    public decimal QuoteSizeUsd { get; init; } = 10m;
    public int KTicks { get; init; } = 2;
    public decimal TickSize { get; init; } = 0.01m;
    public decimal SkewTicks { get; init; } = 1.0m;
    public decimal MaxSpreadPct { get; init; } = 0.05m;
    public decimal MaxExposureUsd { get; init; } = 5_000m;
    public decimal MaxPerMarketExposureUsd { get; init; } = 500m;
    public decimal MaxHoldTimeSec { get; init; } = 14_400m;
    public decimal FeeBps { get; init; } = 2.0m;

    /// <summary>
    /// True when <c>--fee-bps</c> was given on the command line: the flat fee then overrides every market's fee schedule
    /// (docs/design.md#fees). A config file's <c>fee_bps</c> is only the flat rate of markets without a schedule.
    /// </summary>
    public bool FeeBpsGiven { get; init; }
    public decimal PollIntervalSec { get; init; } = 2m;
    public decimal? MaxRuntimeMin { get; init; }
    public long MaxFills { get; init; }

    /// <summary>Online market-channel runs: stop after this many frames off the channel; 0 = no limit (docs/design.md#websocket-recording).</summary>
    public long MaxFrames { get; init; }

    /// <summary>Online polled runs: stop after this many polls; 0 = no limit (docs/design.md#engine-loop).</summary>
    public long MaxPolls { get; init; }

    /// <summary>Simulated venue entry latency, milliseconds (docs/design.md#order-lifecycle).</summary>
    public decimal LatencyMs { get; init; } = 100m;

    /// <summary>Simulated venue cancel latency, milliseconds; null = <see cref="LatencyMs"/>.</summary>
    public decimal? CancelLatencyMs { get; init; }

    /// <summary>Draw every entry and cancel leg from the recording's receive-minus-source delays (docs/design.md#order-lifecycle).</summary>
    public bool LatencyFromRecording { get; init; }

    /// <summary>trade-through (default), touch or probabilistic; the old name <c>strict</c> is stored as <c>touch</c>.</summary>
    public string FillModel
    {
        get => _fillModel;
        init => _fillModel = value == Core.Fills.TouchFillModel.LegacyName ? Core.Fills.TouchFillModel.ModelName : value;
    }

    /// <summary>queue model: risk-averse (default), power:N or log (docs/design.md#queue-model).</summary>
    public string QueueFunction { get; init; } = "risk-averse";

    public long Seed { get; init; } = 42;
    public double FillAlpha { get; init; } = 1.5;
    public double FillPMax { get; init; } = 0.20;
    public double FillBaseLiquidity { get; init; } = 0.10;
    public string StrictFillPrice { get; init; } = "limit";
    public string ProbFillPrice { get; init; } = "limit";
    public bool RoundToTick { get; init; } = true;
    public bool AllowSyntheticBooks { get; init; }
    public string FixtureDir { get; init; } = "fixtures/market_making/sample";
    public string FixtureProfile { get; init; } = "default";

    /// <summary>auto: a polling fixture or a market-channel recording, told apart by its files; pmxt: PMXT hourly Parquet files.</summary>
    public string FixtureFormat { get; init; } = "auto";

    /// <summary>Online data: rest (poll /books) or ws (the market channel; docs/design.md#websocket-market-channel).</summary>
    public string Feed { get; init; } = "rest";

    /// <summary>--feed ws: directory the raw stream the run traded on is recorded into (docs/design.md#websocket-recording).</summary>
    public string? Record { get; init; }

    public string? WsUrl { get; init; }

    public decimal WsInactivitySec { get; init; } = 60m;
    public int LogEvery { get; init; }
    public string? GammaUrl { get; init; }
    public string? ClobUrl { get; init; }
    public string ReportsDir { get; init; } = "reports";
    public OnlineLimits Limits { get; init; } = new();

    /// <summary>Largest bankroll the ledger stores exactly (docs/design.md#supported-ranges).</summary>
    public const decimal MaxBankroll = 100_000_000m;

    /// <summary>Smallest tick, and the grid every tick must sit on (docs/design.md#supported-ranges).</summary>
    public const decimal MinTick = 0.0001m;

    /// <summary>Longest poll interval, seconds, and longest --max-runtime-min (docs/design.md#supported-ranges).</summary>
    public const decimal MaxPollIntervalSec = 86_400m;

    public const decimal MaxRuntimeMinutes = 1_000_000_000m;

    public const decimal MaxSkewTicks = 1_000_000m;

    public const decimal MaxFeeBps = 10_000m;

    /// <summary>Longest simulated latency, milliseconds (one hour).</summary>
    public const decimal MaxLatencyMs = 3_600_000m;

    /// <summary>The first invalid setting as a one-line message naming its flag and its supported range, or null.</summary>
    /// <remarks>
    /// The ranges keep every amount the ledger stores (REAL) within 15 significant digits, so the post-run gate's
    /// exact identity holds, and every time the replay derives within what DateTimeOffset and TimeSpan hold
    /// (docs/design.md#supported-ranges).
    /// </remarks>
    public string? Validate()
    {
        string? Bad(bool ok, string message) => ok ? null : message;
        return Bad(DataMode is "offline" or "online", $"--data-mode must be offline or online (got '{DataMode}')")
            ?? RunTags.Problem("--run-tag", RunTag)
            ?? Bad(RunId is null || RunIds.TryParseTime(RunId, out _), $"--run-id must look like mm-yyyyMMddTHHmmss-xxxxxx (got '{RunId}')")
            ?? Bad(RunId is null || RunIds.InRange(RunId), $"--run-id time must be from {RunIds.MinYear} to {RunIds.MaxYear - 1} (got '{RunId}')")
            ?? Bad(Bankroll > 0m && Bankroll <= MaxBankroll, $"--bankroll must be in (0, {MaxBankroll}] USD, the range the ledger stores exactly (got {Bankroll})")
            ?? Bad(Markets >= 1, $"--markets must be at least 1 (got {Markets})")
            ?? Bad(QuoteSizeUsd > 0m && QuoteSizeUsd <= MaxBankroll, $"--quote-size-usd must be in (0, {MaxBankroll}] USD, the range the ledger stores exactly (got {QuoteSizeUsd})")
            ?? Bad(KTicks >= 0, $"--k-ticks must be >= 0 (got {KTicks})")
            ?? Bad(TickSize >= MinTick && TickSize < 1m && decimal.Remainder(TickSize, MinTick) == 0m, $"--tick-size must be a multiple of {MinTick} in [{MinTick}, 1), the range the ledger stores exactly (got {TickSize})")
            ?? Bad(SkewTicks >= 0m && SkewTicks <= MaxSkewTicks, $"--skew-ticks must be in [0, {MaxSkewTicks}] (got {SkewTicks})")
            ?? Bad(MaxSpreadPct > 0m, $"--max-spread-pct must be > 0 (got {MaxSpreadPct})")
            ?? Bad(MaxExposureUsd >= 0m, $"--max-exposure-usd must be >= 0 (got {MaxExposureUsd})")
            ?? Bad(MaxPerMarketExposureUsd >= 0m, $"--max-per-market-exposure-usd must be >= 0 (got {MaxPerMarketExposureUsd})")
            ?? Bad(MaxHoldTimeSec >= 0m, $"--max-hold-time-sec must be >= 0 (got {MaxHoldTimeSec})")
            ?? Bad(FeeBps >= 0m && FeeBps <= MaxFeeBps, $"--fee-bps must be in [0, {MaxFeeBps}] (got {FeeBps})")
            ?? Bad(PollIntervalSec > 0m && PollIntervalSec <= MaxPollIntervalSec, $"--poll-interval-sec must be in (0, {MaxPollIntervalSec}] (got {PollIntervalSec})")
            ?? Bad(MaxRuntimeMin is null || (MaxRuntimeMin > 0m && MaxRuntimeMin <= MaxRuntimeMinutes), $"--max-runtime-min must be in (0, {MaxRuntimeMinutes}] (got {MaxRuntimeMin})")
            ?? Bad(MaxFills >= 0, $"--max-fills must be >= 0 (got {MaxFills})")
            ?? Bad(MaxFrames >= 0, $"--max-frames must be >= 0 (got {MaxFrames})")
            ?? Bad(MaxPolls >= 0, $"--max-polls must be >= 0 (got {MaxPolls})")
            ?? Bad(LatencyMs >= 0m && LatencyMs <= MaxLatencyMs, $"--latency-ms must be in [0, {MaxLatencyMs}] (got {LatencyMs})")
            ?? Bad(CancelLatencyMs is null || (CancelLatencyMs >= 0m && CancelLatencyMs <= MaxLatencyMs), $"--cancel-latency-ms must be in [0, {MaxLatencyMs}] (got {CancelLatencyMs})")
            ?? Bad(FillModel is "trade-through" or "touch" or "probabilistic" or "queue", $"--fill-model must be trade-through, touch, probabilistic or queue (got '{FillModel}')")
            ?? Bad(Core.Fills.QueueFunction.TryParse(QueueFunction, out _), $"--queue-function must be {Core.Fills.QueueFunction.ValidNames} (got '{QueueFunction}')")
            ?? Bad(StrictFillPrice is "limit" or "ltp", $"--strict-fill-price must be limit or ltp (got '{StrictFillPrice}')")
            ?? Bad(ProbFillPrice is "limit" or "midpoint", $"--prob-fill-price must be limit or midpoint (got '{ProbFillPrice}')")
            ?? Bad(FixtureFormat is "auto" or "pmxt", $"--fixture-format must be auto or pmxt (got '{FixtureFormat}')")
            ?? Bad(Feed is "rest" or "ws", $"--feed must be rest or ws (got '{Feed}')")
            ?? Bad(Record is null || (Feed == "ws" && DataMode == "online"), "--record needs --data-mode online --feed ws")
            ?? Bad(MaxFrames == 0 || (Feed == "ws" && DataMode == "online"), "--max-frames needs --data-mode online --feed ws")
            ?? Bad(MaxPolls == 0 || (Feed == "rest" && DataMode == "online"), "--max-polls needs --data-mode online --feed rest (--feed ws stops on frames: --max-frames)")
            ?? Bad(LogEvery >= 0, $"--log-every must be >= 0 (got {LogEvery})")
            ?? Limits.Validate()
            ?? FillParams().Validate();
    }

    /// <summary>The simulated venue's entry latency.</summary>
    public TimeSpan EntryLatency => Millis(LatencyMs);

    /// <summary>The simulated venue's cancel latency (the entry latency unless given).</summary>
    public TimeSpan CancelLatency => Millis(CancelLatencyMs ?? LatencyMs);

    private static TimeSpan Millis(decimal ms) => TimeSpan.FromTicks((long)(ms * TimeSpan.TicksPerMillisecond));

    public Core.Fills.ProbabilisticFillParams FillParams() => new()
    {
        Alpha = FillAlpha,
        PMax = FillPMax,
        BaseLiquidity = FillBaseLiquidity,
        TickSize = TickSize,
        MidpointPrice = ProbFillPrice == "midpoint",
    };

    /// <summary>The engine's options for these settings; <paramref name="drawn"/> replaces the constant latencies when given.</summary>
    public Core.Engine.EngineOptions EngineOptions(Core.Execution.LatencyDistribution? drawn = null) => new()
    {
        Quote = QuoteParams(),
        FeeBps = FeeBps,
        ForceFlatFee = FeeBpsGiven,
        MaxFills = MaxFills,
        EntryLatency = EntryLatency,
        CancelLatency = CancelLatency,
        DrawnLatency = drawn,
    };

    public Core.Quoting.QuoteParams QuoteParams() => new()
    {
        TickSize = TickSize,
        KTicks = KTicks,
        SkewTicks = SkewTicks,
        MaxSpreadPct = MaxSpreadPct,
        QuoteSizeUsd = QuoteSizeUsd,
        MaxExposureUsd = MaxExposureUsd,
        MaxPerMarketExposureUsd = MaxPerMarketExposureUsd,
        MaxHoldTimeSec = MaxHoldTimeSec,
        RoundToTick = RoundToTick,
        AllowSyntheticBooks = AllowSyntheticBooks,
    };
}
