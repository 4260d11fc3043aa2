using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Learning;

public static class Completion
{
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
