namespace PolyMM.Core.Market;

/// <summary>The kinds of market event the engine understands (docs/design.md#market-events).</summary>
public enum MarketEventKind : byte
{
    /// <summary>A legacy top-of-book row (one fixture line): best bid/ask, depths, last trade price.</summary>
    TopOfBook = 0,

    /// <summary>A full book of one token: every level of both sides; replaces the token's book.</summary>
    BookSnapshot = 1,

    /// <summary>One level of one side changed to a new size (0 removes the level).</summary>
    LevelChange = 2,

    /// <summary>A trade printed: price, size, taker side, trade time, optional transaction hash.</summary>
    Trade = 3,

    /// <summary>The market's tick size changed.</summary>
    TickSizeChange = 4,
}
