namespace PolyMM.Core.Market;

/// <summary>Where a snapshot's top of book came from. Only <see cref="Clob"/> is a real book.</summary>
public enum BookSource : byte
{
    /// <summary>A real CLOB order book.</summary>
    Clob = 0,

    /// <summary>Synthesised from the Gamma YES outcome price (bid = ask = reference mid).</summary>
    GammaFallback = 1,

    /// <summary>Synthesised from the last trade price (bid = ask = reference mid).</summary>
    LtpFallback = 2,
}
