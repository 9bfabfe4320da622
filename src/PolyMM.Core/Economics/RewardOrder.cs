using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Economics;

/// <summary>
/// One resting order as the liquidity-reward scorer sees it (docs/design.md#rewards): which token, which side, its
/// limit price on that token and its size in shares.
/// </summary>
public readonly record struct RewardOrder(Outcome Token, Side Side, decimal Price, decimal Size)
{
    /// <summary>
    /// The order as the YES book shows it: a NO bid at p rests as a YES ask at 1 − p, a NO ask at p as a YES bid at
    /// 1 − p. Bids (on YES) count in Q_one, asks in Q_two.
    /// </summary>
    public (Side Side, decimal Price) OnYesBook => Token == Outcome.Yes
        ? (Side, Price)
        : (Side == Side.Buy ? Side.Sell : Side.Buy, 1m - Price);
}
