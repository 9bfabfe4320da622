namespace PolyMM.Core.Market;

/// <summary>A market as selection needs it: id (condition id or fixture id), human title, and whether it is binary.</summary>
public sealed record MarketInfo(string Id, string Title, bool IsBinary, string? Slug = null);
