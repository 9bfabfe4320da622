using System.Diagnostics.CodeAnalysis;

namespace PolyMM.Data.Polymarket;

/// <summary>Either a value or a <see cref="FetchError"/>; expected venue failures never throw.</summary>
public readonly struct FetchResult<T>
{
    private FetchResult(T? value, FetchError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public FetchError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    // Factories on the generic type read best at call sites (FetchResult<Book>.Fail(e)); CA1000's concern is inference.
#pragma warning disable CA1000
    public static FetchResult<T> Ok(T value) => new(value, null);

    public static FetchResult<T> Fail(FetchError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }
#pragma warning restore CA1000

    public FetchResult<TOut> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? FetchResult<TOut>.Ok(map(Value)) : FetchResult<TOut>.Fail(Error);

    public override string ToString() => IsSuccess ? $"Ok({Value})" : $"Fail({Error})";
}
