namespace PolyMM.Core.Engine;

/// <summary>Final (or, at a crash, last known) state of one of our orders.</summary>
public enum OrderStatus : byte
{
    Open = 0,
    Filled = 1,
    Cancelled = 2,
}
