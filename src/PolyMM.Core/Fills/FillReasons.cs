namespace PolyMM.Core.Fills;

/// <summary>Reason strings of fill evaluations.</summary>
public static class FillReasons
{
    public const string NoLtp = "no_ltp";
    public const string NotCrossed = "not_crossed";
    public const string StalePrint = "stale_print";
    public const string TradeThrough = "trade_through";
    public const string RollAbove = "roll_above_p";
    public const string RollBelow = "roll_below_p";
    public const string NoReference = "no_reference";
}
