namespace PolyMM.Core.Quoting;

/// <summary>Order side on the YES token.</summary>
public enum Side : byte
{
    Buy = 0,
    Sell = 1,
}
