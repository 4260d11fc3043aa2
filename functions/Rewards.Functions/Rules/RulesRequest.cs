using System.ComponentModel.DataAnnotations;
using Rewards.Domain.Earning;

namespace Rewards.Functions.Rules;

/// <summary>The admin's rules document. Actions left out keep their defaults; fields left out of an action keep the action's default.</summary>
internal sealed class RulesRequest
{
    [Required, StringLength(64)]
    public string? TimeZone { get; set; }

    [Required]
    public int? DailyCap { get; set; }

    public Dictionary<string, ActionRuleRequest>? Actions { get; set; }

    public List<LevelRequest>? Levels { get; set; }

    [StringLength(32)]
    public string? PointsExpiry { get; set; }

    public ProgramRules ToRules()
    {
        var defaults = ProgramRules.Default;
        var actions = new Dictionary<string, ActionRule>(defaults.Actions);
        foreach (var (name, given) in Actions ?? [])
        {
            var basis = defaults.Actions.GetValueOrDefault(name) ?? new ActionRule(0, 0);
            actions[name] = new ActionRule(given.Points ?? basis.Points, given.DailyCap ?? basis.DailyCap, given.AttemptsPerDay ?? basis.AttemptsPerDay, basis.Once);
        }

        var levels = Levels is { Count: > 0 } ? Levels.Select(l => new Level(l.Name ?? "", l.At ?? -1)).ToList() : null;
        return new ProgramRules(TimeZone!, DailyCap!.Value, actions, levels ?? [.. defaults.LevelLadder()], PointsExpiry ?? ProgramRules.EndOfNextYear);
    }
}

internal sealed class ActionRuleRequest
{
    public int? Points { get; set; }

    public int? DailyCap { get; set; }

    public int? AttemptsPerDay { get; set; }
}

internal sealed class LevelRequest
{
    public string? Name { get; set; }

    public long? At { get; set; }
}
