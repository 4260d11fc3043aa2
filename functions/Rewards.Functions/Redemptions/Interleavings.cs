namespace Rewards.Functions.Redemptions;

/// <summary>
/// Named points between two steps of the saga where a concurrent step can interleave. In production each is a
/// completed task; a test replaces this service to run the other step exactly there, so a race that needs a
/// precise interleaving is driven deterministically instead of by sleeps.
/// </summary>
internal sealed class Interleavings
{
    /// <summary>After a cancel has read its redemption as pending, before it settles it.</summary>
    public Func<string, Task> BeforeCancelSettles { get; init; } = _ => Task.CompletedTask;
}
