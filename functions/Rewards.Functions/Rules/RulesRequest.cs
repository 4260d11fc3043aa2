using System.ComponentModel.DataAnnotations;
using Rewards.Domain.Earning;
using Rewards.Domain.Hazards;
using Rewards.Functions.Admin;

namespace Rewards.Functions.Rules;

/// <summary>The admin's rules document. Actions left out keep their defaults; fields left out of an action keep the action's default.</summary>
internal sealed class RulesRequest : IAdminBody<ProgramRules>
{
    [Required, StringLength(64)]
    public string? TimeZone { get; set; }

    [Required]
    public int? DailyCap { get; set; }

    public Dictionary<string, ActionRuleRequest>? Actions { get; set; }

    public List<LevelRequest>? Levels { get; set; }

    [StringLength(32)]
    public string? PointsExpiry { get; set; }

    public HazardRulesRequest? Hazard { get; set; }

    /// <summary>The rules, with the rules' own errors and a time zone this machine does not know.</summary>
    public Checked<ProgramRules> Check()
    {
        var rules = ToRules();
        var errors = RulesCheck.Errors(rules).ToDictionary(e => e.Key, e => new[] { e.Value });
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(rules.TimeZone, out _))
        {
            errors["timeZone"] = [$"'{rules.TimeZone}' is not a known IANA time zone, such as Asia/Shanghai"];
        }

        return new(rules, errors);
    }

    private ProgramRules ToRules()
    {
        var defaults = ProgramRules.Default;
        var actions = new Dictionary<string, ActionRule>(defaults.Actions);
        foreach (var (name, given) in Actions ?? [])
        {
            var basis = defaults.Actions.GetValueOrDefault(name) ?? new ActionRule(0, 0);
            actions[name] = new ActionRule(given.Points ?? basis.Points, given.DailyCap ?? basis.DailyCap, given.AttemptsPerDay ?? basis.AttemptsPerDay, basis.Once);
        }

        var levels = Levels is { Count: > 0 } ? Levels.Select(l => new Level(l.Name ?? "", l.At ?? -1)).ToList() : null;
        var hazard = defaults.HazardTerms();
        if (Hazard is { } terms)
        {
            var points = new Dictionary<string, int>(hazard.Points);
            foreach (var (severity, value) in terms.Points ?? [])
            {
                points[severity] = value;
            }

            hazard = new HazardRules(points, terms.RectificationBonus ?? hazard.RectificationBonus, terms.Categories?.Select(c => c?.Trim() ?? "").ToList() ?? hazard.Categories);
        }

        return new ProgramRules(TimeZone!, DailyCap!.Value, actions, levels ?? [.. defaults.LevelLadder()], PointsExpiry ?? ProgramRules.EndOfNextYear, hazard);
    }
}

internal sealed class ActionRuleRequest
{
    public int? Points { get; set; }

    public int? DailyCap { get; set; }

    public int? AttemptsPerDay { get; set; }
}

/// <summary>Hazard terms: points by severity (general, major, critical), the rectification bonus, the categories workers pick from.</summary>
internal sealed class HazardRulesRequest
{
    public Dictionary<string, int>? Points { get; set; }

    public int? RectificationBonus { get; set; }

    public List<string>? Categories { get; set; }
}

internal sealed class LevelRequest
{
    public string? Name { get; set; }

    public long? At { get; set; }
}
