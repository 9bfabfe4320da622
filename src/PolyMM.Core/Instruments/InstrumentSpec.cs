namespace PolyMM.Core.Instruments;

/// <summary>
/// One binary market as the engine trades it (docs/design.md#instruments): its index in the run, the condition id, the
/// YES and NO token ids, the tick size it starts with (a <c>tick_size_change</c> event may change it during the run; the
/// engine keeps the current one), the venue's minimum order size in shares, and the market's liquidity-reward terms and
/// fee schedule when the venue publishes them (null: unknown, so no rewards are estimated and the flat fee rule applies).
/// Fixtures without token ids use the market id for the YES token and an empty NO token id.
/// </summary>
public sealed record InstrumentSpec(
    int Index,
    string ConditionId,
    string YesTokenId,
    string NoTokenId,
    decimal TickSize,
    decimal MinOrderSize,
    RewardTerms? Rewards = null,
    FeeSchedule? Fees = null);
