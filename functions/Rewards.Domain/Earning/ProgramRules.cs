namespace Rewards.Domain.Earning;

/// <summary>How one earning action pays: points per event (where the action has a fixed price), a daily cap and attempts per day (0 = no limit).</summary>
public sealed record ActionRule(int Points, int DailyCap, int AttemptsPerDay = 0, bool Once = false);

/// <summary>
/// The program's earning rules. Days are local days in <see cref="TimeZone"/>; <see cref="DailyCap"/>
/// bounds all earning actions together (0 = no overall cap).
/// </summary>
public sealed record ProgramRules(string TimeZone, int DailyCap, IReadOnlyDictionary<string, ActionRule> Actions, IReadOnlyList<Level>? Levels = null, string PointsExpiry = ProgramRules.EndOfNextYear, Hazards.HazardRules? Hazard = null)
{
    /// <summary>The earning actions a rule can name.</summary>
    public static IReadOnlyList<string> KnownActions { get; } = ["learning", "quiz", "share", "hazard", "activity"];

    /// <summary>Points by severity, the rectification bonus and the categories; rules stored before hazards existed get the defaults.</summary>
    public Hazards.HazardRules HazardTerms() => Hazard ?? Hazards.HazardRules.Default;

    public IReadOnlyList<Level> LevelLadder() => Levels is { Count: > 0 } ladder ? ladder : Earning.Levels.Default;

    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>Points expire at the end of the calendar year after the one they were earned in.</summary>
    public const string EndOfNextYear = "end-of-next-year";

    public const string Never = "never";

    public static ProgramRules Default { get; } = new(
        DefaultTimeZone,
        DailyCap: 50,
        new Dictionary<string, ActionRule>
        {
            ["learning"] = new(Points: 0, DailyCap: 20, Once: true),
            ["quiz"] = new(Points: 2, DailyCap: 12, AttemptsPerDay: 3),
            ["share"] = new(Points: 1, DailyCap: 3),
            // Hazard points come from Hazard (by severity, when a reviewer accepts) and are not capped by the day;
            // what the day limits is how many reports a worker sends.
            ["hazard"] = new(Points: 0, DailyCap: 0, AttemptsPerDay: 5),
        },
        Earning.Levels.Default,
        EndOfNextYear,
        Hazards.HazardRules.Default);

    public ActionRule RuleFor(string action) =>
        Actions.TryGetValue(action, out var rule) ? rule : new ActionRule(0, 0);
}

public static class RulesCheck
{
    /// <summary>What is wrong with a set of rules, by field path; empty when they can be stored. The time zone is checked at the edge.</summary>
    public static IReadOnlyDictionary<string, string> Errors(ProgramRules rules)
    {
        var errors = new Dictionary<string, string>();
        if (rules.DailyCap < 0)
        {
            errors["dailyCap"] = "must be zero (no cap) or more";
        }

        foreach (var (action, rule) in rules.Actions)
        {
            if (!ProgramRules.KnownActions.Contains(action))
            {
                errors[$"actions.{action}"] = $"is not an action; use one of {string.Join(", ", ProgramRules.KnownActions)}";
                continue;
            }

            if (action == Ledger.LedgerKinds.Activity && (rule.Points != 0 || rule.DailyCap != 0 || rule.AttemptsPerDay != 0))
            {
                errors[$"actions.{action}"] = "activity points are set on each activity and are not capped; only campaigns name this action";
                continue;
            }

            if (rule.Points < 0)
            {
                errors[$"actions.{action}.points"] = "must not be negative";
            }

            if (rule.DailyCap < 0)
            {
                errors[$"actions.{action}.dailyCap"] = "must be zero (no cap) or more";
            }

            if (rule.AttemptsPerDay < 0)
            {
                errors[$"actions.{action}.attemptsPerDay"] = "must be zero (no limit) or more";
            }
        }

        if (rules.PointsExpiry is not (ProgramRules.EndOfNextYear or ProgramRules.Never))
        {
            errors["pointsExpiry"] = $"must be {ProgramRules.EndOfNextYear} or {ProgramRules.Never}";
        }

        foreach (var (field, error) in rules.HazardTerms().Errors())
        {
            errors[field] = error;
        }

        var ladder = rules.LevelLadder();
        if (ladder[0].At != 0 || ladder.Zip(ladder.Skip(1)).Any(p => p.Second.At <= p.First.At))
        {
            errors["levels"] = "must start at 0 and rise strictly";
        }

        if (ladder.Any(l => string.IsNullOrWhiteSpace(l.Name)) || ladder.Select(l => l.Name).Distinct().Count() != ladder.Count)
        {
            errors["levels"] = "need distinct, non-empty names";
        }

        return errors;
    }
}
