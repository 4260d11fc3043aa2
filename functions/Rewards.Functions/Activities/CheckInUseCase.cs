using Microsoft.Extensions.Logging;
using Rewards.Domain;
using Rewards.Domain.Activities;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Activities;

/// <summary>
/// A worker checks in on site with the code on the venue screen. The capacity lives in the activity's partition and
/// the points in the worker's, and no transaction spans both, so a check-in is two idempotent steps: take a seat
/// (once per worker, never past the capacity), then award (once per worker, under the idempotency key
/// <c>checkin:{activityId}</c>). A repeat finds the award's marker and gets the first answer back; a check-in whose
/// award step was interrupted finds its seat taken and completes the award.
/// </summary>
internal sealed class CheckInUseCase(ActivitiesTable activities, CheckInsTable checkIns, AccountsTable accounts, LedgerWriter writer, RulesStore rules, CheckInKey key, TimeProvider clock, ILogger<CheckInUseCase> log)
{
    public static string IdemKey(string activityId) => $"checkin:{activityId}";

    public static string OnceKey(string activityId) => CheckIns.SourceRef(activityId);

    public async Task<Decision<CheckInResult>> CheckInAsync(WorkerPrincipal worker, string activityId, string code, CancellationToken ct)
    {
        if (await activities.FindAsync(activityId, ct) is not { } activity)
        {
            return NotFound(activityId);
        }

        var read = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { Idem = IdemKey(activityId) }, ct);
        if (read.Refusal(worker) is { } revoked)
        {
            return revoked;
        }

        if (read.Idem?.Outcome is { } first)
        {
            // Already checked in: the same answer as the first time, whatever the code now is.
            return Json.Deserialize<CheckInResult>(first)!;
        }

        var now = clock.GetUtcNow();
        var snapshot = await rules.GetAsync(ct);
        var accepted = key.Accepts(activityId, code, now);
        if (accepted.IsRefused)
        {
            return accepted.Refusal!;
        }

        var unitId = read.Account!.UnitId;
        if (CheckIns.Admit(activity, unitId, accepted.Value, snapshot.LocalNow(now)) is { } refusal)
        {
            return refusal;
        }

        switch (await checkIns.TakeAsync(activityId, worker.WorkerId, unitId, now, ct))
        {
            case SeatOutcome.Full:
                return new Refusal(ActivityCodes.ActivityFull, $"《{activity.Title}》 is full: all {activity.Capacity} places are taken.", new Dictionary<string, object?> { ["capacity"] = activity.Capacity });
            case SeatOutcome.Gone:
                return NotFound(activityId);
        }

        var result = await AwardAsync(worker, activity, now, ct);
        if (result.IsRefused && result.Refusal!.Code != ProblemCodes.Contention)
        {
            // Refused for good (the link was revoked meanwhile): the place goes to someone else.
            await checkIns.ReleaseAsync(activityId, worker.WorkerId, ct);
        }

        log.LogInformation("Check-in of {WorkerId} at {ActivityId}: {Outcome}", worker.WorkerId, activityId, result.Refusal?.Code ?? "checked-in");
        return result;
    }

    private Task<Decision<CheckInResult>> AwardAsync(WorkerPrincipal worker, Activity activity, DateTimeOffset at, CancellationToken ct)
    {
        return writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, IdemKey(activity.Id), "checkin", new SnapshotQuery { Once = [OnceKey(activity.Id)] }),
            read =>
            {
                if (read.Snapshot.HasOnce(OnceKey(activity.Id)))
                {
                    return new Refusal(ActivityCodes.AlreadyCheckedIn, $"Already checked in to 《{activity.Title}》.");
                }

                var award = CheckIns.Award(activity, read.Rules.Campaigns, read.Rules.LocalNow(read.Now));
                return new LedgerChange { Posting = award.Posting, Once = [OnceKey(activity.Id)] }
                    .As(posted => new CheckInResult(activity.Id, posted.Line?.Amount ?? 0, posted.Account.Balance, award.Reason, read.Rules.Local(at), posted.Line?.TxId));
            },
            ct);
    }

    private static Refusal NotFound(string id) => new(ActivityCodes.ActivityNotFound, $"There is no activity '{id}'.");
}
