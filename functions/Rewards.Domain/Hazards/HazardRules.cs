namespace Rewards.Domain.Hazards;

/// <summary>
/// What hazard reports pay and which categories a worker picks from: <see cref="Points"/> by severity on
/// acceptance, <see cref="RectificationBonus"/> to the reporter once the fix is verified. How many reports
/// a worker may file a day is the hazard action's attemptsPerDay.
/// </summary>
public sealed record HazardRules(IReadOnlyDictionary<string, int> Points, int RectificationBonus, IReadOnlyList<string> Categories)
{
    public static HazardRules Default { get; } = new(
        new Dictionary<string, int> { [Severity.General] = 5, [Severity.Major] = 10, [Severity.Critical] = 30 },
        RectificationBonus: 5,
        ["电气", "消防", "高处作业", "机械设备", "危险化学品", "职业卫生", "其他"]);

    public int PointsFor(string severity) =>
        Points.TryGetValue(severity, out var points) ? points : Default.Points.GetValueOrDefault(severity);

    /// <summary>What is wrong with these terms, by field path under "hazard"; empty when they can be stored.</summary>
    public IReadOnlyDictionary<string, string> Errors()
    {
        var errors = new Dictionary<string, string>();
        foreach (var (severity, points) in Points)
        {
            if (!Severity.All.Contains(severity))
            {
                errors[$"hazard.points.{severity}"] = $"is not a severity; use {string.Join(", ", Severity.All)}";
            }
            else if (points < 0)
            {
                errors[$"hazard.points.{severity}"] = "must not be negative";
            }
        }

        if (RectificationBonus < 0)
        {
            errors["hazard.rectificationBonus"] = "must not be negative";
        }

        if (Categories.Count is 0 or > 30 || Categories.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 20) || Categories.Distinct().Count() != Categories.Count)
        {
            errors["hazard.categories"] = "must be 1 to 30 distinct names of at most 20 characters";
        }

        return errors;
    }
}
