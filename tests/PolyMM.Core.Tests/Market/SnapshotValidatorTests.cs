using PolyMM.Core.Market;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Market;

public sealed class SnapshotValidatorTests
{
    private static Snapshot Make(string? bid, string? ask, string? mid) =>
        new(Snap.T0, Snap.D(bid), Snap.D(ask), Snap.D(mid), 1200m, 1300m, 0.494m);

    [Theory]
    // valid rows
    [InlineData("0.4975", "0.5025", "0.5", null)]
    [InlineData("0.5", "0.5", "0.5", null)]
    // bid above ask by exactly 1e-9 is tolerated; mid = (0.500000001 + 0.5)/2 = 0.5000000005
    [InlineData("0.500000001", "0.5", "0.5000000005", null)]
    // one digit more than 1e-9 is a crossed book
    [InlineData("0.5000000011", "0.5", "0.50000000055", SnapshotValidator.BidGtAsk)]
    [InlineData("0.51", "0.49", "0.5", SnapshotValidator.BidGtAsk)]
    // stated mid off by exactly 1e-9 is tolerated, by more is a mismatch
    [InlineData("0.4975", "0.5025", "0.500000001", null)]
    [InlineData("0.4975", "0.5025", "0.499999999", null)]
    [InlineData("0.4975", "0.5025", "0.5000000011", SnapshotValidator.MidMismatch)]
    [InlineData("0.4975", "0.5025", "0.4999999989", SnapshotValidator.MidMismatch)]
    // missing pieces
    [InlineData(null, "0.5025", "0.5", SnapshotValidator.MissingBidAsk)]
    [InlineData("0.4975", null, "0.5", SnapshotValidator.MissingBidAsk)]
    [InlineData("0.4975", "0.5025", null, SnapshotValidator.MissingMid)]
    // negative prices
    [InlineData("-0.01", "0.5", "0.245", SnapshotValidator.NegativeBidAsk)]
    [InlineData("0.4", "-0.5", "-0.05", SnapshotValidator.NegativeBidAsk)]
    // mid range: ≤ 0 and ≥ 1 are out
    [InlineData("0", "0", "0", SnapshotValidator.MidOutOfRange)]
    [InlineData("1", "1", "1", SnapshotValidator.MidOutOfRange)]
    [InlineData("0.99", "1.01", "1", SnapshotValidator.MidOutOfRange)]
    [InlineData("0", "0.002", "0.001", null)]
    [InlineData("0.998", "1", "0.999", null)]
    // a price above 1 with an in-range mid is still not a probability (checked after the documented codes)
    [InlineData("0.5", "1.2", "0.85", SnapshotValidator.PriceOutOfRange)]
    public void Validate_Row_ReturnsExpectedReason(string? bid, string? ask, string? mid, string? expected)
    {
        // Arrange
        var s = Make(bid, ask, mid);

        // Act
        var reason = SnapshotValidator.Validate(s);

        // Assert
        Assert.Equal(expected, reason);
    }

    [Theory]
    // missing side beats everything after it (negative, crossed, missing mid)
    [InlineData(null, "-0.5", null, SnapshotValidator.MissingBidAsk)]
    // negative beats crossed and missing mid
    [InlineData("0.9", "-0.1", null, SnapshotValidator.NegativeBidAsk)]
    // crossed beats missing mid
    [InlineData("0.6", "0.4", null, SnapshotValidator.BidGtAsk)]
    // crossed beats mismatch and range
    [InlineData("1.2", "1.0", "7", SnapshotValidator.BidGtAsk)]
    // missing mid beats nothing-later (there is no later check without a mid)
    [InlineData("0", "0", null, SnapshotValidator.MissingMid)]
    // mismatch beats out of range
    [InlineData("1", "1", "2", SnapshotValidator.MidMismatch)]
    [InlineData("0", "0", "-1", SnapshotValidator.MidMismatch)]
    public void Validate_SeveralFailures_FirstRuleInSpecOrderWins(string? bid, string? ask, string? mid, string expected)
    {
        // Arrange
        var s = Make(bid, ask, mid);

        // Act
        var reason = SnapshotValidator.Validate(s);

        // Assert
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Validate_ZeroBookWithTinyStatedMid_IsOutOfRange()
    {
        // Arrange: bid = ask = 0, stated mid 1e-9. The stated mid is within 1e-9 of (0+0)/2 = 0 and is > 0,
        // but the book's own mid is 0: quoting from it would divide by zero.
        var s = Make("0", "0", "0.000000001");

        // Act
        var reason = SnapshotValidator.Validate(s);

        // Assert
        Assert.Equal(SnapshotValidator.MidOutOfRange, reason);
    }

    [Fact]
    public void Validate_FullBookWithStatedMidJustBelowOne_IsOutOfRange()
    {
        // Arrange: bid = ask = 1, stated mid 1 − 1e-9: the book's own mid is 1.
        var s = Make("1", "1", "0.999999999");

        // Act
        var reason = SnapshotValidator.Validate(s);

        // Assert
        Assert.Equal(SnapshotValidator.MidOutOfRange, reason);
    }

    [Fact]
    public void Validate_LtpAndDepthAbsent_StillValid()
    {
        // Arrange
        var s = new Snapshot(Snap.T0, 0.4975m, 0.5025m, 0.5m, null, null, null);

        // Act
        var reason = SnapshotValidator.Validate(s);

        // Assert
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("0.4975", "0.5025")]
    [InlineData("0.5", "0.5")]
    [InlineData("0", "0.02")] // book mid 0.01 inside, but bid 0: valid
    [InlineData("0.99", "1.2")] // a price above 1
    [InlineData("0.6", "0.5")] // crossed
    [InlineData("0", "0")] // mid 0: out of range
    public void Validate_TopBuiltFromABook_SameCodeAndMidWhenTheMidIsTakenAsTheBookMid(string bid, string ask)
    {
        // A top the engine builds from its book states mid = (bid + ask) / 2 computed as the validator computes it.
        var b = Snap.D(bid)!.Value;
        var a = Snap.D(ask)!.Value;
        var s = new Snapshot(Snap.T0, b, a, DecimalMath.Half(b + a), 10m, 10m, null);

        var computed = SnapshotValidator.Validate(s, out var computedMid);
        var taken = SnapshotValidator.Validate(s, out var takenMid, midIsBookMid: true);

        Assert.Equal(computed, taken);
        Assert.Equal(decimal.GetBits(computedMid), decimal.GetBits(takenMid));
    }
}
