namespace Rewards.Domain.Earning;

/// <summary>How one earning action pays: points per event (where the action has a fixed price), a daily cap and attempts per day (0 = no limit).</summary>
public sealed record ActionRule(int Points, int DailyCap, int AttemptsPerDay = 0, bool Once = false);

/// <summary>
/// The program's earning rules. Days are local days in <see cref="TimeZone"/>; <see cref="DailyCap"/>
/// bounds all earning actions together (0 = no overall cap).
/// </summary>
public sealed record ProgramRules(string TimeZone, int DailyCap, IReadOnlyDictionary<string, ActionRule> Actions)
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    public static ProgramRules Default { get; } = new(
        DefaultTimeZone,
        DailyCap: 50,
        new Dictionary<string, ActionRule>
        {
            ["learning"] = new(Points: 0, DailyCap: 20, Once: true),
            ["quiz"] = new(Points: 2, DailyCap: 12, AttemptsPerDay: 3),
            ["share"] = new(Points: 1, DailyCap: 3),
            ["hazard"] = new(Points: 10, DailyCap: 30),
        });

    public ActionRule RuleFor(string action) =>
        Actions.TryGetValue(action, out var rule) ? rule : new ActionRule(0, 0);
}
