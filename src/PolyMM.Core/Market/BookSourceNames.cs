namespace PolyMM.Core.Market;

/// <summary>The wire/ledger spelling of <see cref="BookSource"/> (docs/design.md#market-data).</summary>
public static class BookSourceNames
{
    public const string Clob = "clob";
    public const string GammaFallback = "gamma_fallback";
    public const string LtpFallback = "ltp_fallback";

    public static string ToName(this BookSource source) => source switch
    {
        BookSource.GammaFallback => GammaFallback,
        BookSource.LtpFallback => LtpFallback,
        _ => Clob,
    };

    /// <summary>Parses a ledger/fixture spelling; null for an unknown name.</summary>
    public static BookSource? Parse(string? name) => name switch
    {
        null or "" or Clob => BookSource.Clob,
        GammaFallback => BookSource.GammaFallback,
        LtpFallback => BookSource.LtpFallback,
        _ => null,
    };
}
