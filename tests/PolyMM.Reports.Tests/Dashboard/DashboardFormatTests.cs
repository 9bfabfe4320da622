using PolyMM.Reports.Dashboard;

namespace PolyMM.Reports.Tests.Dashboard;

public sealed class DashboardFormatTests
{
    [Theory]
    [InlineData("3.4567", "$3.46")]
    [InlineData("-1.25", "-$1.25")]
    [InlineData("1234567.005", "$1,234,567.01")] // half away from zero, like a person rounds cents
    [InlineData("-0.004", "$0.00")]              // rounds to zero: no minus sign on nothing
    [InlineData("0", "$0.00")]
    public void Usd_Value_TwoDecimalsWithSign(string value, string expected) =>
        Assert.Equal(expected, DashboardFormat.Usd(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0.9333", "93.33%")]
    [InlineData("0.0123", "1.23%")]
    [InlineData("-0.0025", "-0.25%")]
    [InlineData("1", "100.00%")]
    public void Percent_Fraction_ShownAsPercentWithTwoDecimals(string fraction, string expected) =>
        Assert.Equal(expected, DashboardFormat.Percent(decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Format_Null_ShowsNotAvailable()
    {
        Assert.Equal("n/a", DashboardFormat.Usd(null));
        Assert.Equal("n/a", DashboardFormat.Percent(null));
        Assert.Equal("n/a", DashboardFormat.Count(null));
        Assert.Equal("n/a", DashboardFormat.UsdDelta(null));
        Assert.Equal("", DashboardFormat.Raw(null));
    }

    [Theory]
    [InlineData("4.7067", "+$4.71")]
    [InlineData("-0.17", "-$0.17")]
    [InlineData("0.004", "$0.00")] // shown magnitude is zero, so no sign
    public void UsdDelta_Difference_SignedDollars(string delta, string expected) =>
        Assert.Equal(expected, DashboardFormat.UsdDelta(decimal.Parse(delta, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0.3133", "+31.33 pp")]
    [InlineData("-0.0036", "-0.36 pp")]
    [InlineData("0.00004", "0.00 pp")]
    public void PercentPointsDelta_DifferenceOfFractions_PercentagePoints(string delta, string expected) =>
        Assert.Equal(expected, DashboardFormat.PercentPointsDelta(decimal.Parse(delta, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void CountDelta_Integers_SignedWithThousands()
    {
        Assert.Equal("+24", DashboardFormat.CountDelta(24m));
        Assert.Equal("-1,200", DashboardFormat.CountDelta(-1200m));
        Assert.Equal("0", DashboardFormat.CountDelta(0m));
    }

    [Fact]
    public void Time_Instant_IsoLikeUtc()
    {
        var t = new DateTimeOffset(2025, 3, 14, 11, 5, 9, TimeSpan.FromHours(2));
        Assert.Equal("2025-03-14 09:05:09 UTC", DashboardFormat.Time(t));
    }

    [Fact]
    public void Raw_Decimal_ExactInvariantText() =>
        Assert.Equal("3.4567", DashboardFormat.Raw(3.4567m));
}
