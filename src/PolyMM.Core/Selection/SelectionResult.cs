namespace PolyMM.Core.Selection;

/// <summary>Selected markets, or why none could be selected.</summary>
public sealed record SelectionResult<T>(IReadOnlyList<T> Markets, string? Error)
{
    public static SelectionResult<T> Ok(IReadOnlyList<T> markets) => new(markets, null);

    public static SelectionResult<T> Fail(string error) => new([], error);
}
