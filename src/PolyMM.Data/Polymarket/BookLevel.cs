namespace PolyMM.Data.Polymarket;

/// <summary>One price level: probability price and aggregate size in shares.</summary>
public readonly record struct BookLevel(decimal Price, decimal Size);
