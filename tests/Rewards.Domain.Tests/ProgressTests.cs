using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Domain.Progress;

namespace Rewards.Domain.Tests;

public sealed class ProgressTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);
    private static long _seq;

    private static LedgerLine Line(string kind, long amount, string source = "x") =>
        new($"t{++_seq}", _seq, amount, kind, "r", source, 0, default);

    private static ProgressState Run(params (LedgerLine Line, DateOnly Day)[] steps) =>
        steps.Aggregate(ProgressState.Empty with { Sequence = steps.Min(s => s.Line.Sequence) - 1 }, (s, step) => ProgressRules.Apply(s, step.Line, step.Day));

    [Fact]
    public void Consecutive_local_days_build_a_streak_and_a_gap_resets_it()
    {
        var state = Run(
            (Line("learning", 5), Day1), (Line("learning", 5), Day1), (Line("quiz", 2), Day1.AddDays(1)),
            (Line("learning", 3), Day1.AddDays(2)), (Line("learning", 3), Day1.AddDays(4)));

        Assert.Equal((1, 3), (state.Streak, state.BestStreak));
    }

    [Fact]
    public void Seven_learning_days_in_a_row_earn_the_streak_badge()
    {
        var state = Run([.. Enumerable.Range(0, 7).Select(d => (Line("learning", 1), Day1.AddDays(d)))]);

        Assert.Contains(Badges.LearningStreak7, state.Badges);
        Assert.Equal(7, state.LearningStreak);
    }

    [Fact]
    public void Quiz_share_and_lifetime_badges_come_from_the_lines()
    {
        var state = Run((Line("quiz", 4, "quiz:a1:2/3"), Day1), (Line("quiz", 6, "quiz:a2:3/3"), Day1), (Line("share", 1), Day1), (Line("learning", 89), Day1));

        Assert.Equal([Badges.FirstQuiz, Badges.FirstShare, Badges.Lifetime100, Badges.PerfectQuiz], state.Badges.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Adjustments_count_for_no_badge_or_streak()
    {
        var state = Run((Line("adjustment", 500), Day1));

        Assert.Empty(state.Badges);
        Assert.Equal(0, state.Streak);
    }

    [Fact]
    public void A_line_already_applied_changes_nothing()
    {
        var line = Line("learning", 5);
        var once = ProgressRules.Apply(ProgressState.Empty with { Sequence = line.Sequence - 1 }, line, Day1);

        Assert.Same(once, ProgressRules.Apply(once, line, Day1));
    }

    [Fact]
    public void Periods_are_the_local_iso_week_month_all_and_covering_campaigns()
    {
        var healthDay = new Campaign("525", "5·25", new DateTime(2026, 5, 25), new DateTime(2026, 5, 26), ["learning"], 2);

        Assert.Equal(["week:2026-W22", "month:2026-05", "all", "campaign:525"], Periods.Of(new DateTime(2026, 5, 25, 10, 0, 0), "learning", [healthDay]));
        Assert.Equal(["week:2026-W22", "month:2026-05", "all"], Periods.Of(new DateTime(2026, 5, 25, 10, 0, 0), "quiz", [healthDay]));
        Assert.Equal("week:2026-W53", Periods.Week(new DateTime(2027, 1, 1)));
    }

    [Fact]
    public void Inverted_scores_sort_the_highest_first()
    {
        Assert.True(string.CompareOrdinal(Periods.Inverted(120), Periods.Inverted(7)) < 0);
    }
}
