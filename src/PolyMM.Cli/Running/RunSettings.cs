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
    public decimal PollIntervalSec { get; init; } = 2m;
    public decimal? MaxRuntimeMin { get; init; }
    public long MaxFills { get; init; }
    /// <summary>trade-through (default), touch or probabilistic; the old name <c>strict</c> is stored as <c>touch</c>.</summary>
    public string FillModel
    {
        get => _fillModel;
        init => _fillModel = value == Core.Fills.TouchFillModel.LegacyName ? Core.Fills.TouchFillModel.ModelName : value;
    }

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
    public int LogEvery { get; init; }
    public string? GammaUrl { get; init; }
    public string? ClobUrl { get; init; }
    public string ReportsDir { get; init; } = "reports";
    public OnlineLimits Limits { get; init; } = new();

    /// <summary>The first invalid setting as a one-line message naming its flag, or null.</summary>
    public string? Validate()
    {
        string? Bad(bool ok, string message) => ok ? null : message;
        return Bad(DataMode is "offline" or "online", $"--data-mode must be offline or online (got '{DataMode}')")
            ?? RunTags.Problem("--run-tag", RunTag)
            ?? Bad(RunId is null || RunIds.TryParseTime(RunId, out _), $"--run-id must look like mm-yyyyMMddTHHmmss-xxxxxx (got '{RunId}')")
            ?? Bad(Bankroll > 0m, $"--bankroll must be > 0 (got {Bankroll})")
            ?? Bad(Markets >= 1, $"--markets must be at least 1 (got {Markets})")
            ?? Bad(QuoteSizeUsd > 0m, $"--quote-size-usd must be > 0 (got {QuoteSizeUsd})")
            ?? Bad(KTicks >= 0, $"--k-ticks must be >= 0 (got {KTicks})")
            ?? Bad(TickSize >= 0.0000000001m && TickSize < 1m, $"--tick-size must be in [1e-10, 1) (got {TickSize})")
            ?? Bad(SkewTicks >= 0m, $"--skew-ticks must be >= 0 (got {SkewTicks})")
            ?? Bad(MaxSpreadPct > 0m, $"--max-spread-pct must be > 0 (got {MaxSpreadPct})")
            ?? Bad(MaxExposureUsd >= 0m, $"--max-exposure-usd must be >= 0 (got {MaxExposureUsd})")
            ?? Bad(MaxPerMarketExposureUsd >= 0m, $"--max-per-market-exposure-usd must be >= 0 (got {MaxPerMarketExposureUsd})")
            ?? Bad(MaxHoldTimeSec >= 0m, $"--max-hold-time-sec must be >= 0 (got {MaxHoldTimeSec})")
            ?? Bad(FeeBps >= 0m, $"--fee-bps must be >= 0 (got {FeeBps})")
            ?? Bad(PollIntervalSec > 0m, $"--poll-interval-sec must be > 0 (got {PollIntervalSec})")
            ?? Bad(MaxRuntimeMin is null || MaxRuntimeMin > 0m, $"--max-runtime-min must be > 0 (got {MaxRuntimeMin})")
            ?? Bad(MaxFills >= 0, $"--max-fills must be >= 0 (got {MaxFills})")
            ?? Bad(FillModel is "trade-through" or "touch" or "probabilistic", $"--fill-model must be trade-through, touch or probabilistic (got '{FillModel}')")
            ?? Bad(StrictFillPrice is "limit" or "ltp", $"--strict-fill-price must be limit or ltp (got '{StrictFillPrice}')")
            ?? Bad(ProbFillPrice is "limit" or "midpoint", $"--prob-fill-price must be limit or midpoint (got '{ProbFillPrice}')")
            ?? Bad(LogEvery >= 0, $"--log-every must be >= 0 (got {LogEvery})")
            ?? Limits.Validate()
            ?? FillParams().Validate();
    }

    public Core.Fills.ProbabilisticFillParams FillParams() => new()
    {
        Alpha = FillAlpha,
        PMax = FillPMax,
        BaseLiquidity = FillBaseLiquidity,
        TickSize = TickSize,
        MidpointPrice = ProbFillPrice == "midpoint",
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
