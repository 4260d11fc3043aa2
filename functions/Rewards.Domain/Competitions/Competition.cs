namespace Rewards.Domain.Competitions;

/// <summary>A round: one quiz, open during a local-time window; the top <see cref="Advance"/> teams go on (0 in the final).</summary>
public sealed record Round(string Id, string Title, string QuizId, DateTime Opens, DateTime Closes, int Advance);

/// <summary>How many teams take each placing of the final, and the points each member of such a team receives.</summary>
public sealed record Placings(int Champions, int RunnersUp, int Thirds, int ChampionPoints, int RunnerUpPoints, int ThirdPoints);

/// <summary>A knowledge contest between units: a preliminary round, a semi-final and a final among the best teams.</summary>
public sealed record Competition(string Id, string Title, IReadOnlyList<Round> Rounds, Placings Placings);

/// <summary>A team's result in a round: the score is the mean of every member's best result, non-participants counting 0.</summary>
public sealed record TeamResult(string UnitId, double Score, int Participants, int Members);

/// <summary>A member's best attempt in a round, as a fraction of the questions.</summary>
public sealed record MemberBest(string UnitId, string WorkerId, int Correct, int Total);

public static class CompetitionCodes
{
    public const string NotQualified = "not-qualified";
    public const string RoundNotOpen = "round-not-open";
    public const string RoundStillOpen = "round-still-open";
    public const string RoundAlreadyClosed = "round-already-closed";
}

public static class CompetitionRules
{
    /// <summary>What is wrong with a competition, by field; empty when it can be stored.</summary>
    public static IReadOnlyDictionary<string, string> Errors(Competition c)
    {
        var errors = new Dictionary<string, string>();
        if (c.Rounds.Count == 0)
        {
            errors["rounds"] = "need at least one round";
        }

        for (var i = 0; i < c.Rounds.Count; i++)
        {
            var r = c.Rounds[i];
            if (r.Closes <= r.Opens)
            {
                errors[$"rounds[{i}].closesAt"] = "must be after opensAt";
            }

            if (i > 0 && r.Opens < c.Rounds[i - 1].Closes)
            {
                errors[$"rounds[{i}].opensAt"] = "must not be before the previous round closes";
            }

            if (i < c.Rounds.Count - 1 && r.Advance < 1)
            {
                errors[$"rounds[{i}].advance"] = "must let one or more teams through to the next round";
            }
        }

        var p = c.Placings;
        if (p.Champions < 0 || p.RunnersUp < 0 || p.Thirds < 0 || p.ChampionPoints < 0 || p.RunnerUpPoints < 0 || p.ThirdPoints < 0)
        {
            errors["placings"] = "counts and points must not be negative";
        }

        if (c.Rounds.Select(r => r.Id).Distinct().Count() != c.Rounds.Count)
        {
            errors["rounds"] = "ids must be distinct";
        }

        return errors;
    }

    /// <summary>The round whose window holds a local time, if any.</summary>
    public static Round? OpenRound(Competition c, DateTime localNow) => c.Rounds.FirstOrDefault(r => localNow >= r.Opens && localNow < r.Closes);

    /// <summary>
    /// Team scores, adjusted for team size: 100 × (Σ over members of best correct ÷ questions) ÷ members, where
    /// members is the unit's size (at least its participants). A big team cannot win by numbers alone, and a
    /// small team is not punished for being small, only for members who did not take part. Ties: more participants first, then unit id.
    /// </summary>
    public static IReadOnlyList<TeamResult> Standings(IEnumerable<MemberBest> bests, IReadOnlyDictionary<string, int> unitSizes) =>
        [.. bests.GroupBy(b => b.UnitId)
            .Select(g =>
            {
                var participants = g.Select(b => b.WorkerId).Distinct().Count();
                var members = Math.Max(unitSizes.GetValueOrDefault(g.Key), participants);
                var sum = g.GroupBy(b => b.WorkerId).Sum(w => w.Max(b => b.Total == 0 ? 0 : (double)b.Correct / b.Total));
                return new TeamResult(g.Key, Math.Round(100 * sum / members, 2), participants, members);
            })
            .OrderByDescending(t => t.Score)
            .ThenByDescending(t => t.Participants)
            .ThenBy(t => t.UnitId, StringComparer.Ordinal)];

    /// <summary>The teams that go on from a round: its top <see cref="Round.Advance"/>.</summary>
    public static IReadOnlyList<string> Advancing(Round round, IReadOnlyList<TeamResult> standings) =>
        [.. standings.Take(round.Advance).Select(t => t.UnitId)];

    /// <summary>Final placings in standings order: champions, then runners-up, then thirds; the rest place nothing.</summary>
    public static IReadOnlyList<(string UnitId, string Placing, int Points)> Place(Placings placings, IReadOnlyList<TeamResult> finalStandings)
    {
        var result = new List<(string, string, int)>();
        var i = 0;
        foreach (var (count, name, points) in new[] { (placings.Champions, "champion", placings.ChampionPoints), (placings.RunnersUp, "runner-up", placings.RunnerUpPoints), (placings.Thirds, "third", placings.ThirdPoints) })
        {
            for (var n = 0; n < count && i < finalStandings.Count; n++, i++)
            {
                result.Add((finalStandings[i].UnitId, name, points));
            }
        }

        return result;
    }

    /// <summary>Whether a worker's unit may attempt a round: anyone in the first, only advancing teams later.</summary>
    public static Refusal? RefuseEntry(Competition c, Round round, string unitId, IReadOnlyList<string>? advancedFromPrevious)
    {
        var index = c.Rounds.ToList().IndexOf(round);
        return index == 0 || (advancedFromPrevious?.Contains(unitId) ?? false)
            ? null
            : new Refusal(CompetitionCodes.NotQualified, $"Only the teams that went through from '{c.Rounds[index - 1].Title}' take part in '{round.Title}'.");
    }
}
