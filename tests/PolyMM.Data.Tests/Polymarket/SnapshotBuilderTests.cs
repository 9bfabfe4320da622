using PolyMM.Core.Market;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class SnapshotBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 6, 2, 9, 28, TimeSpan.Zero);
    private static readonly DateTimeOffset BookTs = Now.AddSeconds(-1);

    private static ClobBook Book(decimal[] bids, decimal[] asks, decimal? ltp = null, DateTimeOffset? ts = null) => new(
        "1", "0x1", ts,
        bids.Select((p, i) => new BookLevel(p, 10m + i)).ToArray(),
        asks.Select((p, i) => new BookLevel(p, 20m + i)).ToArray(),
        ltp, 0.01m, "{}");

    [Fact]
    public void Build_RealBookInWireOrder_UsesMaxBidMinAskAndTheirSizes()
    {
        // Wire order: bids ascending, asks descending; best levels are last (sizes 12 and 22).
        var book = Book([0.01m, 0.40m, 0.48m], [0.99m, 0.60m, 0.52m], ltp: 0.50m, ts: BookTs);

        var s = SnapshotBuilder.Build(book, gammaYesPrice: 0.5m, lastTradeFromEndpoint: null, Now)!.Value;

        Assert.Equal(new Snapshot(BookTs, 0.48m, 0.52m, 0.50m, 12m, 22m, 0.50m, BookSource.Clob), s);
    }

    [Fact]
    public void Build_BookWithoutTimestamp_UsesNow()
    {
        var s = SnapshotBuilder.Build(Book([0.48m], [0.52m]), 0.5m, null, Now)!.Value;

        Assert.Equal(Now, s.Ts);
    }

    [Fact]
    public void Build_MissingAskSide_SynthesisesFromGammaPrice()
    {
        var s = SnapshotBuilder.Build(Book([0.48m], [], ltp: 0.47m), gammaYesPrice: 0.5m, null, Now)!.Value;

        Assert.Equal(new Snapshot(Now, 0.5m, 0.5m, 0.5m, null, null, 0.47m, BookSource.GammaFallback), s);
    }

    [Fact]
    public void Build_NoBookNoGammaPrice_SynthesisesFromLastTradeEndpoint()
    {
        var s = SnapshotBuilder.Build(null, gammaYesPrice: null, lastTradeFromEndpoint: 0.31m, Now)!.Value;

        Assert.Equal(new Snapshot(Now, 0.31m, 0.31m, 0.31m, null, null, 0.31m, BookSource.LtpFallback), s);
    }

    [Theory]
    // (0.625 − 0.375) / 0.5 = 50 % exactly → still trusted.
    [InlineData("0.375", "0.625", "0.5", BookSource.Clob)]
    // 0.2501 / 0.5 = 50.02 % → fallback.
    [InlineData("0.375", "0.6251", "0.5", BookSource.GammaFallback)]
    // (0.80 − 0.20) / 0.5 = 120 % → fallback.
    [InlineData("0.20", "0.80", "0.5", BookSource.GammaFallback)]
    // crossed book (bid > ask) is not a book.
    [InlineData("0.55", "0.50", "0.5", BookSource.GammaFallback)]
    public void Build_SpreadRelativeToReference_FallsBackAboveHalf(string bid, string ask, string reference, BookSource expected)
    {
        var book = Book([D(bid)], [D(ask)]);

        var s = SnapshotBuilder.Build(book, D(reference), null, Now)!.Value;

        Assert.Equal(expected, s.BookSource);
        if (expected != BookSource.Clob)
        {
            Assert.Equal(D(reference), s.MidPrice);
            Assert.Null(s.DepthBid1);
        }
    }

    [Fact]
    public void Build_WideBookReferenceFromLtp_MarkedLtpFallback()
    {
        var s = SnapshotBuilder.Build(Book([0.10m], [0.90m], ltp: 0.5m), gammaYesPrice: null, null, Now)!.Value;

        Assert.Equal(BookSource.LtpFallback, s.BookSource);
        Assert.Equal(0.5m, s.BestBid);
    }

    [Fact]
    public void Build_BookHasLtp_PrefersItOverEndpoint()
    {
        var s = SnapshotBuilder.Build(Book([0.48m], [0.52m], ltp: 0.49m), 0.5m, lastTradeFromEndpoint: 0.40m, Now)!.Value;

        Assert.Equal(0.49m, s.LastTradePrice);
    }

    [Fact]
    public void Build_NothingUsable_ReturnsNull()
    {
        Assert.Null(SnapshotBuilder.Build(Book([], []), null, null, Now));
        Assert.Null(SnapshotBuilder.Build(null, null, null, Now));
    }

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
