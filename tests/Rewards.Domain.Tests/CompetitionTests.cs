using Rewards.Domain.Competitions;

namespace Rewards.Domain.Tests;

public sealed class CompetitionTests
{
    private static readonly Competition Contest = new("c1", "安全应急消防知识竞赛",
    [
        new("r1", "初赛", "q-001", new DateTime(2026, 6, 15, 9, 0, 0), new DateTime(2026, 6, 15, 10, 0, 0), 2),
        new("r2", "决赛", "q-001", new DateTime(2026, 6, 15, 10, 0, 0), new DateTime(2026, 6, 15, 11, 0, 0), 0),
    ], new Placings(1, 1, 1, 50, 30, 20));

    [Fact]
    public void Team_scores_average_every_members_best_so_size_alone_does_not_win()
    {
        MemberBest[] bests =
        [
            new("big", "b1", 3, 3), new("big", "b2", 3, 3), new("big", "b3", 0, 3), new("big", "b3", 3, 3),
            new("small", "s1", 3, 3),
            new("half", "h1", 3, 3),
        ];
        var sizes = new Dictionary<string, int> { ["big"] = 4, ["small"] = 1, ["half"] = 2 };

        var standings = Competitions.CompetitionRules.Standings(bests, sizes);

        Assert.Equal(["small:100", "big:75", "half:50"], standings.Select(t => $"{t.UnitId}:{t.Score}"));
        Assert.Equal((3, 4), (standings[1].Participants, standings[1].Members));
    }

    [Fact]
    public void The_top_k_teams_advance_and_the_final_places_champions_runners_up_and_thirds()
    {
        var standings = new List<TeamResult> { new("a", 90, 1, 1), new("b", 80, 1, 1), new("c", 70, 1, 1), new("d", 60, 1, 1) };

        Assert.Equal(["a", "b"], Competitions.CompetitionRules.Advancing(Contest.Rounds[0], standings));
        Assert.Equal([("a", "champion", 50), ("b", "runner-up", 30), ("c", "third", 20)], Competitions.CompetitionRules.Place(Contest.Placings, standings));
        Assert.Equal(6, Competitions.CompetitionRules.Place(new Placings(2, 4, 6, 1, 1, 1), [.. Enumerable.Range(0, 6).Select(i => new TeamResult($"t{i}", 10 - i, 1, 1))]).Count);
    }

    [Fact]
    public void Only_advancing_teams_enter_a_later_round()
    {
        Assert.Null(Competitions.CompetitionRules.RefuseEntry(Contest, Contest.Rounds[0], "any", null));
        Assert.Null(Competitions.CompetitionRules.RefuseEntry(Contest, Contest.Rounds[1], "a", ["a", "b"]));
        Assert.Equal(CompetitionCodes.NotQualified, Competitions.CompetitionRules.RefuseEntry(Contest, Contest.Rounds[1], "c", ["a", "b"])!.Code);
    }

    [Fact]
    public void A_round_that_lets_no_team_through_or_overlaps_the_previous_is_refused()
    {
        var bad = Contest with { Rounds = [Contest.Rounds[0] with { Advance = 0 }, Contest.Rounds[1] with { Opens = new DateTime(2026, 6, 15, 9, 30, 0) }] };

        Assert.Equal(["rounds[0].advance", "rounds[1].opensAt"], Competitions.CompetitionRules.Errors(bad).Keys.Order(StringComparer.Ordinal));
    }
}
