using System.Collections.Immutable;
using System.Globalization;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Progress;

/// <summary>The badges a worker can earn. Codes are stable; names are for people.</summary>
public static class Badges
{
    public const string FirstQuiz = "first-quiz";
    public const string PerfectQuiz = "perfect-quiz";
    public const string LearningStreak7 = "learning-streak-7";
    public const string Lifetime100 = "lifetime-100";
    public const string FirstShare = "first-share";
    public const string HazardHunter = "hazard-hunter";
    public const string SharpEyes = "sharp-eyes";

    public static string Chinese(string badge) => badge switch
    {
        FirstQuiz => "初次答题",
        PerfectQuiz => "满分答题",
        LearningStreak7 => "连续学习7天",
        Lifetime100 => "累计100积分",
        FirstShare => "首次分享获赞",
        HazardHunter => "隐患猎手",
        SharpEyes => "火眼金睛",
        _ => badge,
    };
}

/// <summary>
/// A worker's progress as projected from the ledger: the last line applied, badges, and streaks of
/// consecutive local days with an award (any earning) and with a learning award.
/// </summary>
/// <summary><see cref="HazardsAccepted"/> counts the worker's accepted hazard reports.</summary>
public sealed record ProgressState(long Sequence, long Lifetime, ImmutableSortedSet<string> Badges, DateOnly? LastDay, int Streak, int BestStreak, DateOnly? LastLearningDay, int LearningStreak, int HazardsAccepted = 0)
{
    public static ProgressState Empty { get; } = new(0, 0, ImmutableSortedSet<string>.Empty, null, 0, 0, null, 0);
}

public static class ProgressRules
{
    /// <summary>Applies one ledger line, on the local day it was written. Lines at or below the state's sequence change nothing.</summary>
    public static ProgressState Apply(ProgressState state, LedgerLine line, DateOnly localDay)
    {
        if (line.Sequence <= state.Sequence)
        {
            return state;
        }

        var next = state with { Sequence = line.Sequence };
        if (!LedgerKinds.IsEarning(line.Kind) || line.Amount <= 0)
        {
            return next;
        }

        var streak = Continue(state.LastDay, state.Streak, localDay);
        next = next with { Lifetime = state.Lifetime + line.Amount, LastDay = localDay, Streak = streak, BestStreak = Math.Max(state.BestStreak, streak) };
        if (line.Kind == LedgerKinds.Learning)
        {
            next = next with { LastLearningDay = localDay, LearningStreak = Continue(state.LastLearningDay, state.LearningStreak, localDay) };
        }

        var badges = next.Badges;
        if (line.Kind == LedgerKinds.Quiz)
        {
            badges = badges.Add(Progress.Badges.FirstQuiz);
            if (QuizScore(line.SourceRef) is { } score && score.Correct == score.Total && score.Total > 0)
            {
                badges = badges.Add(Progress.Badges.PerfectQuiz);
            }
        }

        if (line.Kind == LedgerKinds.Share)
        {
            badges = badges.Add(Progress.Badges.FirstShare);
        }

        if (line.Kind == LedgerKinds.Hazard && line.SourceRef.EndsWith(":accept", StringComparison.Ordinal))
        {
            next = next with { HazardsAccepted = next.HazardsAccepted + 1 };
            badges = badges.Add(Progress.Badges.HazardHunter);
            if (next.HazardsAccepted >= 10)
            {
                badges = badges.Add(Progress.Badges.SharpEyes);
            }
        }

        if (next.LearningStreak >= 7)
        {
            badges = badges.Add(Progress.Badges.LearningStreak7);
        }

        if (next.Lifetime >= 100)
        {
            badges = badges.Add(Progress.Badges.Lifetime100);
        }

        return next with { Badges = badges };
    }

    private static int Continue(DateOnly? last, int streak, DateOnly day) =>
        last == day ? streak : last?.AddDays(1) == day ? streak + 1 : 1;

    /// <summary>Quiz lines carry "quiz:{attemptId}:{correct}/{total}" as their source.</summary>
    private static (int Correct, int Total)? QuizScore(string sourceRef)
    {
        var score = sourceRef.Split(':').LastOrDefault()?.Split('/');
        return score is [var c, var t] && int.TryParse(c, CultureInfo.InvariantCulture, out var correct) && int.TryParse(t, CultureInfo.InvariantCulture, out var total)
            ? (correct, total)
            : null;
    }
}

/// <summary>Leaderboard periods: the local ISO week, the local month, all time, and each campaign.</summary>
public static class Periods
{
    public const string All = "all";

    public static string Week(DateTime local) =>
        $"week:{ISOWeek.GetYear(local).ToString(CultureInfo.InvariantCulture)}-W{ISOWeek.GetWeekOfYear(local).ToString("D2", CultureInfo.InvariantCulture)}";

    public static string Month(DateTime local) => $"month:{local.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    public static string Campaign(string id) => $"campaign:{id}";

    /// <summary>The periods an earning at a local time counts toward: its week, its month, all time, and the campaigns covering it.</summary>
    public static IReadOnlyList<string> Of(DateTime local, string kind, IEnumerable<Campaign> campaigns) =>
        [Week(local), Month(local), All, .. campaigns.Where(c => c.Covers(kind, local)).Select(c => Campaign(c.Id))];

    /// <summary>Scores sort as strings in a RowKey: highest first by inverting and zero-padding to 12 digits.</summary>
    public static string Inverted(long score) => (999_999_999_999 - Math.Clamp(score, 0, 999_999_999_999)).ToString("D12", CultureInfo.InvariantCulture);
}
