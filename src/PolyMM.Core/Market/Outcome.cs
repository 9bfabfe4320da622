namespace PolyMM.Core.Market;

/// <summary>Which token of a binary market an event is about. The engine quotes the YES token.</summary>
public enum Outcome : byte
{
    Yes = 0,
    No = 1,
}
