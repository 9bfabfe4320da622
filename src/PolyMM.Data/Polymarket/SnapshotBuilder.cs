using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// The online snapshot rule (docs/design.md#online-data): turns a CLOB book plus reference prices into the engine's <see cref="Snapshot"/>.
/// Reference mid = Gamma YES outcome price, else the last trade price. A book missing a side, or whose spread
/// exceeds <see cref="MaxSpreadOfReference"/> of the reference mid, is not trusted: bid = ask = mid = reference,
/// depths unknown, and the source says which reference it was (fills on it are not truthful fills).
/// </summary>
public static class SnapshotBuilder
{
    /// <summary>(ask − bid) / reference mid above this is treated as no book (a wide, empty-ish book near resolution).</summary>
    public const decimal MaxSpreadOfReference = 0.5m;

    /// <param name="book">The YES token's book, or null when it could not be had.</param>
    /// <param name="gammaYesPrice">Gamma's YES outcome price from discovery.</param>
    /// <param name="lastTradeFromEndpoint">/last-trade-price, used only when the book has none.</param>
    /// <param name="now">Receive time; used as the event time when the book carries no timestamp.</param>
    /// <returns>The snapshot, or null when there is neither a usable book nor a reference price.</returns>
    public static Snapshot? Build(ClobBook? book, decimal? gammaYesPrice, decimal? lastTradeFromEndpoint, DateTimeOffset now)
    {
        var ltp = book?.LastTradePrice ?? lastTradeFromEndpoint;
        var ts = book?.Timestamp ?? now;
        var (reference, source) = gammaYesPrice is { } g ? (g, BookSource.GammaFallback)
            : ltp is { } l ? (l, BookSource.LtpFallback)
            : ((decimal?)null, BookSource.LtpFallback);

        if (book?.BestBid is { } bid && book.BestAsk is { } ask && bid.Price <= ask.Price)
        {
            var spread = ask.Price - bid.Price;
            var trusted = reference is not { } r || (r > 0m && spread / r <= MaxSpreadOfReference);
            if (trusted)
            {
                return new Snapshot(ts, bid.Price, ask.Price, (bid.Price + ask.Price) / 2m, bid.Size, ask.Size, ltp, BookSource.Clob);
            }
        }

        return reference is { } mid
            ? new Snapshot(ts, mid, mid, mid, null, null, ltp, source)
            : null;
    }
}
