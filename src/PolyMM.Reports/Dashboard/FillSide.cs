namespace PolyMM.Reports.Dashboard;

/// <summary>Side of one of our fills, as written in the report (<c>BUY</c>/<c>SELL</c>).</summary>
public enum FillSide
{
    Buy,
    Sell,
}
