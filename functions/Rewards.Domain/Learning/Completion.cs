using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Learning;

/// <summary>A worker completes a view of a content item.</summary>
public sealed record CompleteView(string ContentId, string ViewId);

public static class Completion
{
    /// <summary>The marker that a content item has earned its points (once per content and worker).</summary>
    public static string OnceKey(string contentId) => $"content:{contentId}";

    /// <summary>The rows the decision reads: the view, and the content's once-marker.</summary>
    public static SnapshotQuery Query(CompleteView command) => new() { Views = [command.ViewId], Once = [OnceKey(command.ContentId)] };

    /// <summary>
    /// The completion as a change of the worker's partition: the points, the content's once-marker and the view
    /// marked completed (under the version read, so two completions of one view cannot both commit).
    /// </summary>
    public static Decision<LedgerChange> Decide(WorkerSnapshot snapshot, CompleteView command, ProgramRules rules, IReadOnlyList<Campaign> campaigns, DateTimeOffset now, DateTime localNow)
    {
        if (snapshot.View(command.ViewId) is not { } row || row.View.ContentId != command.ContentId)
        {
            return new Refusal(RefusalCodes.ViewNotFound, $"There is no view '{command.ViewId}' of '{command.ContentId}' for this worker.");
        }

        return Decide(row.View, snapshot.HasOnce(OnceKey(command.ContentId)), snapshot.Today, rules, now, campaigns, localNow)
            .Then<LedgerChange>(posting => new LedgerChange { Posting = posting, Once = [OnceKey(command.ContentId)], Puts = [row with { CompletedAt = now }] });
    }

    /// <summary>A new timed view, counted as one lesson started today; refused past the day's limit of lessons or when the content already earned its points.</summary>
    public static Decision<LedgerChange> Start(WorkerSnapshot snapshot, View view, ProgramRules rules)
    {
        if (RowLimits.Refuse(LedgerKinds.Learning, "started a lesson", snapshot.Today, rules) is { } limited)
        {
            return limited;
        }

        return snapshot.HasOnce(OnceKey(view.ContentId))
            ? new Refusal(RefusalCodes.AlreadyCompleted, $"'{view.Title}' has already earned its points.")
            : new LedgerChange { Puts = [new ViewRow(view)], CountsAttemptOf = LedgerKinds.Learning };
    }

    /// <summary>
    /// Decides the completion of a view: only once the minimum dwell time has passed on the server's
    /// clock, only once per content item and worker, and within the learning and overall daily caps.
    /// </summary>
    public static Decision<Posting> Decide(View view, bool contentAlreadyCompleted, DayTally today, ProgramRules rules, DateTimeOffset now, IReadOnlyList<Campaign>? campaigns = null, DateTime localNow = default)
    {
        if (contentAlreadyCompleted)
        {
            return new Refusal(RefusalCodes.AlreadyCompleted, $"'{view.Title}' has already earned its points.");
        }

        if (now < view.CompletableAt)
        {
            var wait = (int)Math.Ceiling((view.CompletableAt - now).TotalSeconds);
            return new Refusal(
                RefusalCodes.TooEarly,
                $"This content needs {view.MinSeconds} seconds; {wait} more to go.",
                new Dictionary<string, object?> { ["completableAt"] = view.CompletableAt, ["secondsRemaining"] = wait });
        }

        return Earnings.Decide(LedgerKinds.Learning, new Points(view.Points), today, rules, campaigns ?? [], localNow)
            .Then<Posting>(earned => new Posting(earned.Paid.Value, LedgerKinds.Learning, earned.Reason($"学习《{view.Title}》"), $"content:{view.ContentId}"));
    }
}
