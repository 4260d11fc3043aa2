namespace Rewards.Domain;

/// <summary>A non-negative quantity of points. Signed movements are plain <see cref="long"/> amounts on ledger lines.</summary>
public readonly record struct Points : IComparable<Points>
{
    public Points(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Value = value;
    }

    public long Value { get; }

    public static Points Zero => default;

    public static Points Min(Points a, Points b) => a.Value <= b.Value ? a : b;

    /// <summary>What is left of <paramref name="cap"/> after <paramref name="used"/>, never below zero.</summary>
    public static Points Room(long cap, long used) => new(Math.Max(0, cap - used));

    public int CompareTo(Points other) => Value.CompareTo(other.Value);

    public static bool operator <(Points a, Points b) => a.Value < b.Value;
    public static bool operator >(Points a, Points b) => a.Value > b.Value;
    public static bool operator <=(Points a, Points b) => a.Value <= b.Value;
    public static bool operator >=(Points a, Points b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
