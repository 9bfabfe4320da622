namespace PolyMM.Core.Engine;

/// <summary>
/// The state of one of our orders as the ledger stores it (docs/design.md#order-lifecycle). The numbers are stored, so
/// they never change: 0–2 are schema v1's. An order cancelled or ended after a partial fill is
/// <see cref="Cancelled"/> with its filled shares &gt; 0.
/// </summary>
public enum OrderStatus : byte
{
    /// <summary>Accepted and working, nothing filled yet (at a crash: still working when the ledger last committed).</summary>
    Open = 0,

    Filled = 1,
    Cancelled = 2,

    /// <summary>Accepted and working with part of it filled.</summary>
    PartiallyFilled = 3,

    /// <summary>Refused by the gateway (e.g. post-only would cross); never worked.</summary>
    Rejected = 4,
}
