namespace PolyMM.Core.Orders;

/// <summary>Reason codes of order events and trust failures about orders (docs/design.md#order-lifecycle).</summary>
public static class OrderReasons
{
    /// <summary>A post-only order that would have crossed the book when it became live: rejected, never a taker fill.</summary>
    public const string PostOnlyWouldCross = "post_only_would_cross";

    /// <summary>An order for fewer shares than its market's minimum order size: rejected when it becomes live, as the venue does.</summary>
    public const string BelowMinOrderSize = "below_min_order_size";

    /// <summary>A replacement bid or ask waits for its predecessor's cancel: with it still working, caps, cash or shares would not fit.</summary>
    public const string AwaitingCancel = "awaiting_cancel";

    public const string Replaced = "replaced";
    public const string RunEnd = "run_end";
    public const string InvalidSnapshot = "invalid_snapshot";

    /// <summary>Trust failure: an order event for an order the engine never sent (or that already ended).</summary>
    public const string UnknownOrder = "order_event_unknown_order";

    /// <summary>Trust failure: a fill of more shares than the order had left.</summary>
    public const string FillExceedsRemaining = "fill_exceeds_remaining";

    /// <summary>Trust failure: a fill id seen before.</summary>
    public const string DuplicateFillId = "duplicate_fill_id";
}
