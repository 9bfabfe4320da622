using PolyMM.Core.Ledger;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Ledger;

public sealed class MoneyTests
{
    [Theory]
    // 9.9984 × 2 / 10 000 = 0.00199968 → 0.002000
    [InlineData("9.9984", "2", "0.002")]
    // 1.2525 (5.01 sh × 0.25) × 2 / 10 000 = 0.0002505: a tie, half-even keeps the even 0.000250
    // (half-away-from-zero would give 0.000251)
    [InlineData("1.2525", "2", "0.00025")]
    // 3.7575 (15.03 sh × 0.25) × 2 / 10 000 = 0.0007515: a tie, half-even rounds up to the even 0.000752
    [InlineData("3.7575", "2", "0.000752")]
    // 0.0125 × 2 / 10 000 = 0.0000025 → 0.000002
    [InlineData("0.0125", "2", "0.000002")]
    // negative notional: the fee is on |notional|
    [InlineData("-9.9984", "2", "0.002")]
    [InlineData("10", "0", "0")]
    [InlineData("0", "2", "0")]
    public void Fee_Notional_HalfEvenToSixDecimals(string notional, string bps, string expected)
    {
        // Act
        var fee = Money.Fee(Snap.D(notional)!.Value, Snap.D(bps)!.Value);

        // Assert
        Assert.Equal(Snap.D(expected), fee);
    }

    [Fact]
    public void Fee_Tie_DiffersFromAwayFromZero()
    {
        // Arrange: the tie 0.0002505 is where the rounding rule shows.
        const decimal notional = 5.01m * 0.25m;

        // Act
        var fee = Money.Fee(notional, 2m);

        // Assert
        Assert.Equal(0.000250m, fee);
        Assert.NotEqual(Math.Round(notional * 2m / 10_000m, 6, MidpointRounding.AwayFromZero), fee);
    }
}
