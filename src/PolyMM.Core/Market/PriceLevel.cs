namespace PolyMM.Core.Market;

/// <summary>One price level of a book side: a price (probability) and the shares displayed there.</summary>
public readonly record struct PriceLevel(decimal Price, decimal Size);
