using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Fills;

public sealed class ProbabilisticFillModelTests
{
    private static readonly ProbabilisticFillParams Defaults = new();

    // p for a buy at 0.48 against LTP 0.50 with the defaults, by hand:
    // dist_ticks = (ref − limit) / tick = (0.50 − 0.48) / 0.01 = 2; p_raw = 0.10 × exp(−1.5 × 2) = 0.10 × e^−3 = 0.004978706836786394.
    private const double PAtTwoTicks = 0.004978706836786394;

    [Fact]
    public void Evaluate_TwoTicksFromLtp_ComputesPByFormula()
    {
        // Arrange
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(0.5));

        // Act
        var e = model.EvaluateNew(Side.Buy, 0.48m, 20.83m, Snap.Sample1(2, 0.50m));

        // Assert
        Assert.Equal(0.50m, e.Diagnostics.Ref);
        Assert.Equal(2.0, e.Diagnostics.DistTicks);
        Assert.Equal(PAtTwoTicks, e.Diagnostics.PRaw, 15);
        Assert.Equal(PAtTwoTicks, e.Diagnostics.P, 15);
        Assert.Equal(0.5, e.Diagnostics.Roll);
        Assert.False(e.Filled);
        Assert.Equal(FillReasons.RollAbove, e.Reason);
    }

    [Theory]
    [InlineData(0.0049, true)]    // U < p ≈ 0.0049787
    [InlineData(0.00497, true)]
    [InlineData(0.00498, false)]
    [InlineData(0.9, false)]
    public void Evaluate_Roll_FillsIffRollBelowP(double roll, bool filled)
    {
        // Arrange
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(roll));

        // Act
        var e = model.EvaluateNew(Side.Buy, 0.48m, 20.83m, Snap.Sample1(2, 0.50m));

        // Assert
        Assert.Equal(filled, e.Filled);
    }

    [Theory]
    [InlineData(0.1999, true)]
    [InlineData(0.2, false)]      // U < p is strict: U = p does not fill
    public void Evaluate_RawPAbovePMax_CappedAtPMax(double roll, bool filled)
    {
        // Arrange: limit = ref → dist 0 → p_raw = base_liquidity × e^0 = 0.9, capped at p_max 0.2.
        var model = new ProbabilisticFillModel(Defaults with { BaseLiquidity = 0.9 }, new FixedRandom(roll));

        // Act
        var e = model.EvaluateNew(Side.Sell, 0.52m, 10m, Snap.Sample1(2, 0.52m));

        // Assert
        Assert.Equal(0.9, e.Diagnostics.PRaw, 15);
        Assert.Equal(0.2, e.Diagnostics.P);
        Assert.Equal(filled, e.Filled);
    }

    [Fact]
    public void Evaluate_NoLtp_UsesMidAsReference()
    {
        // Arrange: mid 0.5, limit 0.49 → dist 1 tick.
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(0.0));

        // Act
        var e = model.EvaluateNew(Side.Buy, 0.49m, 10m, Snap.Sample1(2, ltp: null));

        // Assert: p = 0.1 × e^−1.5 = 0.0223130160148430
        Assert.Equal(0.5m, e.Diagnostics.Ref);
        Assert.Equal(1.0, e.Diagnostics.DistTicks);
        Assert.Equal(0.022313016014843, e.Diagnostics.P, 15);
        Assert.True(e.Filled);
    }

    [Fact]
    public void Evaluate_LtpPresent_PrefersLtpOverMid()
    {
        // Arrange
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(0.99));

        // Act: buy 0.48, LTP 0.49 (mid 0.5): dist = (0.49 − 0.48)/0.01 = 1, not (0.5 − 0.48)/0.01 = 2.
        var e = model.EvaluateNew(Side.Buy, 0.48m, 10m, Snap.Sample1(2, 0.49m));

        // Assert
        Assert.Equal(0.49m, e.Diagnostics.Ref);
        Assert.Equal(1.0, e.Diagnostics.DistTicks);
    }

    [Theory]
    [InlineData(Side.Buy, "0.48", "0.40")]
    [InlineData(Side.Sell, "0.52", "0.60")]
    public void Evaluate_NewPrintThroughLimit_FillsWithoutDraw(Side side, string limit, string ltp)
    {
        // Arrange: the roll 0.99 would never fill by probability (p ≤ p_max 0.2).
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(0.99));

        // Act: the market trades 8 ticks through the quote.
        var e = model.EvaluateNew(side, Snap.D(limit)!.Value, 10m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.True(e.Filled);
        Assert.Equal(FillReasons.TradeThrough, e.Reason);
        Assert.Equal(Snap.D(limit), e.Price);
        Assert.Equal(-8.0, e.Diagnostics.DistTicks);
    }

    [Fact]
    public void Evaluate_StalePrintThroughLimit_DrawsInsteadOfCertainFill()
    {
        // Arrange: LTP 0.40 was already there before the order was live; roll 0.99 ≥ p_max 0.2.
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(0.99));

        // Act
        var e = model.EvaluateStale(Side.Buy, 0.48m, 10m, Snap.Sample1(2, 0.40m));

        // Assert: dist = (0.40 − 0.48)/0.01 = −8 → p_raw = 0.1 × e^12 > p_max → p = 0.2; no fill.
        Assert.False(e.Filled);
        Assert.Equal(FillReasons.RollAbove, e.Reason);
        Assert.Equal(0.2, e.Diagnostics.P);
    }

    [Theory]
    // buy 0.48: ref 0.50 must fall 2 ticks; sell 0.52: ref 0.50 must rise 2 ticks — same distance, same p
    [InlineData(Side.Buy, "0.48", 2.0)]
    [InlineData(Side.Sell, "0.52", 2.0)]
    // buy 0.51 above ref 0.50 / sell 0.49 below it: already reached by the price, −1 tick
    [InlineData(Side.Buy, "0.51", -1.0)]
    [InlineData(Side.Sell, "0.49", -1.0)]
    public void DistanceTicks_BySide_IsWhatTheMarketStillHasToTravel(Side side, string limit, double expected) =>
        Assert.Equal(expected, ProbabilisticFillModel.DistanceTicks(side, Snap.D(limit)!.Value, 0.50m, 0.01m));

    [Fact]
    public void Evaluate_NoLtpNoMid_NoFillNoDraw()
    {
        // Arrange
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(0.0));
        var s = new Snapshot(Snap.T0, 0.4975m, 0.5025m, null, null, null, null);

        // Act
        var e = model.EvaluateNew(Side.Buy, 0.48m, 10m, s);

        // Assert
        Assert.False(e.Filled);
        Assert.Equal(FillReasons.NoReference, e.Reason);
    }

    [Theory]
    [InlineData(Side.Buy, "0.48", "0.47")]
    [InlineData(Side.Sell, "0.52", "0.53")]
    public void Evaluate_DefaultPrice_FillsAtLimit(Side side, string limit, string ltp)
    {
        // Arrange
        var model = new ProbabilisticFillModel(Defaults, new FixedRandom(0.0));

        // Act
        var e = model.EvaluateNew(side, Snap.D(limit)!.Value, 10m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.True(e.Filled);
        Assert.Equal(Snap.D(limit), e.Price);
        Assert.Equal("limit", e.PriceSource);
    }

    [Theory]
    // buy 0.48, print below: (0.48 + 0.47)/2 = 0.475, at or below the limit — kept
    [InlineData(Side.Buy, "0.48", "0.47", "0.475")]
    // buy 0.48, print above: (0.48 + 0.50)/2 = 0.49 would be above the limit — clamped to 0.48
    [InlineData(Side.Buy, "0.48", "0.50", "0.48")]
    // sell 0.52, print above: (0.52 + 0.54)/2 = 0.53 — kept
    [InlineData(Side.Sell, "0.52", "0.54", "0.53")]
    // sell 0.52, print below: (0.52 + 0.50)/2 = 0.51 would be below the limit — clamped to 0.52
    [InlineData(Side.Sell, "0.52", "0.50", "0.52")]
    public void Evaluate_MidpointPrice_NeverWorseThanLimit(Side side, string limit, string ltp, string expected)
    {
        // Arrange: a stale print, so the fill comes from the draw (a trade-through always fills at the limit).
        var model = new ProbabilisticFillModel(Defaults with { MidpointPrice = true }, new FixedRandom(0.0));

        // Act
        var e = model.EvaluateStale(side, Snap.D(limit)!.Value, 10m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.True(e.Filled);
        Assert.Equal(Snap.D(expected), e.Price);
        Assert.Equal("midpoint", e.PriceSource);
    }

    [Fact]
    public void Evaluate_SameSeed_SameFillSequence()
    {
        // Arrange
        var a = new ProbabilisticFillModel(Defaults, new SeededRandom(42));
        var b = new ProbabilisticFillModel(Defaults, new SeededRandom(42));
        var s = Snap.Sample1(2, 0.49m);

        // Act
        var fillsA = Enumerable.Range(0, 2000).Select(_ => a.EvaluateNew(Side.Buy, 0.49m, 10m, s)).ToList();
        var fillsB = Enumerable.Range(0, 2000).Select(_ => b.EvaluateNew(Side.Buy, 0.49m, 10m, s)).ToList();

        // Assert
        Assert.Equal(fillsA, fillsB);
        Assert.Contains(fillsA, e => e.Filled);
    }

    [Fact]
    public void Evaluate_DifferentSeed_DifferentFillSequence()
    {
        // Arrange: p = 0.1 at dist 0 (below p_max 0.2), so about 200 fills in 2000 draws.
        var a = new ProbabilisticFillModel(Defaults, new SeededRandom(42));
        var b = new ProbabilisticFillModel(Defaults, new SeededRandom(43));
        var s = Snap.Sample1(2, 0.49m);

        // Act
        var fillsA = Enumerable.Range(0, 2000).Select(_ => a.EvaluateNew(Side.Buy, 0.49m, 10m, s).Filled).ToList();
        var fillsB = Enumerable.Range(0, 2000).Select(_ => b.EvaluateNew(Side.Buy, 0.49m, 10m, s).Filled).ToList();

        // Assert
        Assert.NotEqual(fillsA, fillsB);
        Assert.InRange(fillsA.Count(f => f), 120, 280);
    }

    public static TheoryData<ProbabilisticFillParams, string> BadParams => new()
    {
        { new ProbabilisticFillParams { Alpha = 0 }, "--fill-alpha must be > 0 (got 0)" },
        { new ProbabilisticFillParams { Alpha = -1.5 }, "--fill-alpha must be > 0 (got -1.5)" },
        { new ProbabilisticFillParams { Alpha = double.NaN }, "--fill-alpha must be > 0 (got NaN)" },
        { new ProbabilisticFillParams { Alpha = double.PositiveInfinity }, "--fill-alpha must be > 0 (got Infinity)" },
        { new ProbabilisticFillParams { BaseLiquidity = 0 }, "--fill-base-liquidity must be in (0, 1] (got 0)" },
        { new ProbabilisticFillParams { BaseLiquidity = 1.01 }, "--fill-base-liquidity must be in (0, 1] (got 1.01)" },
        { new ProbabilisticFillParams { PMax = 0 }, "--fill-pmax must be in (0, 1] (got 0)" },
        { new ProbabilisticFillParams { PMax = 1.5 }, "--fill-pmax must be in (0, 1] (got 1.5)" },
        { new ProbabilisticFillParams { TickSize = 0.00000000009m }, "--tick-size must be at least 1e-10 (got 0.00000000009)" },
        { new ProbabilisticFillParams { TickSize = 0m }, "--tick-size must be at least 1e-10 (got 0)" },
        // several bad: the first in check order (tick, alpha, base, p_max) is reported
        { new ProbabilisticFillParams { Alpha = 0, PMax = 0 }, "--fill-alpha must be > 0 (got 0)" },
    };

    [Theory]
    [MemberData(nameof(BadParams))]
    public void Validate_BadParameter_NamesTheFlag(ProbabilisticFillParams p, string expected)
    {
        // Act
        var problem = p.Validate();

        // Assert
        Assert.Equal(expected, problem);
    }

    [Theory]
    [MemberData(nameof(BadParams))]
    public void Ctor_BadParameter_ThrowsArgumentExceptionWithTheMessage(ProbabilisticFillParams p, string expected)
    {
        // Act
        var ex = Assert.Throws<ArgumentException>(() => new ProbabilisticFillModel(p, new SeededRandom(1)));

        // Assert
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BoundaryValues_AreValid()
    {
        // Arrange: tick exactly 1e-10, base_liquidity and p_max exactly 1.
        var p = new ProbabilisticFillParams { TickSize = 0.0000000001m, BaseLiquidity = 1, PMax = 1, Alpha = 1e-9 };

        // Act + Assert
        Assert.Null(p.Validate());
        Assert.Null(Defaults.Validate());
    }
}
