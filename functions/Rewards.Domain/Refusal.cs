namespace Rewards.Domain;

/// <summary>An expected "no": a stable machine code plus a sentence for people. Mapped to problem+json at the HTTP edge.</summary>
public sealed record Refusal(string Code, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null);

/// <summary>Either a value or a refusal. Expected refusals are values, not exceptions.</summary>
public readonly record struct Decision<T>
{
    private Decision(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }

    public Refusal? Refusal { get; }

    public bool IsRefused => Refusal is not null;

    public static implicit operator Decision<T>(T value) => new(value, null);

    public static implicit operator Decision<T>(Refusal refusal) => new(default, refusal);

    public Decision<TOut> Then<TOut>(Func<T, Decision<TOut>> next) => Refusal ?? next(Value!);
}
