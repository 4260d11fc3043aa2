namespace Rewards.Domain.Earning;

/// <summary>Points earned on one local day, per action and in total, and attempts started per action (quizzes).</summary>
public sealed record DayTally(DateOnly Day, IReadOnlyDictionary<string, long> ByAction, IReadOnlyDictionary<string, int>? Attempts = null)
{
    public int AttemptsOf(string action) => Attempts?.GetValueOrDefault(action) ?? 0;

    public DayTally AddAttempt(string action) =>
        this with { Attempts = new Dictionary<string, int>(Attempts ?? new Dictionary<string, int>()) { [action] = AttemptsOf(action) + 1 } };

    public long Total => ByAction.Values.Sum();

    public long For(string action) => ByAction.TryGetValue(action, out var points) ? points : 0;

    public static DayTally Empty(DateOnly day) => new(day, new Dictionary<string, long>());

    public DayTally Add(string action, long points)
    {
        var next = new Dictionary<string, long>(ByAction) { [action] = For(action) + points };
        return this with { ByAction = next };
    }
}
