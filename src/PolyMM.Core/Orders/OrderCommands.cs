using PolyMM.Core.Quoting;

namespace PolyMM.Core.Orders;

/// <summary>
/// The order manager asks the gateway to place one post-only limit order (docs/design.md#order-lifecycle). <see cref="Seq"/>
/// is the order's number in the run (the id is <c>&lt;run_id&gt;-&lt;seq&gt;</c>); <see cref="SentAt"/> the event time it
/// was sent at. The gateway answers with <see cref="OrderEvent"/>s.
/// </summary>
public readonly record struct SubmitOrder(long Seq, int MarketIndex, Side Side, decimal Price, decimal Shares, DateTimeOffset SentAt);

/// <summary>The order manager asks the gateway to cancel a working order, for <see cref="Reason"/> (stored with the order).</summary>
public readonly record struct CancelOrder(long Seq, int MarketIndex, DateTimeOffset SentAt, string Reason);
