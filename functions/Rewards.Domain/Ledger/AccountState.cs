namespace Rewards.Domain.Ledger;

/// <summary>
/// The money-like part of a worker's account. <see cref="Sequence"/> counts ledger lines, so every
/// line has a position and projections can ignore anything they have already seen.
/// </summary>
public sealed record AccountState(long Balance, long Held, long LifetimeEarned, long Spent, long Expired, long Sequence)
{
    public static AccountState Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>What the ledger must add up to: points the worker owns, free or held for a redemption.</summary>
    public long Owned => Balance + Held;
}
