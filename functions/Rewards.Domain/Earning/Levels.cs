namespace Rewards.Domain.Earning;

/// <summary>A level reached at a lifetime-points threshold.</summary>
public sealed record Level(string Name, long At);

public static class Levels
{
    public static IReadOnlyList<Level> Default { get; } = [new("见习", 0), new("安全员", 100), new("安全标兵", 500)];

    /// <summary>The highest level whose threshold the lifetime points reach, and the next one if any.</summary>
    public static (Level Current, Level? Next) For(long lifetimeEarned, IReadOnlyList<Level> ladder)
    {
        var ordered = ladder.OrderBy(l => l.At).ToList();
        var current = ordered.LastOrDefault(l => l.At <= lifetimeEarned) ?? ordered[0];
        var next = ordered.FirstOrDefault(l => l.At > lifetimeEarned);
        return (current, next);
    }
}
