using Rewards.Domain;
using Rewards.Domain.Activities;
using Rewards.Functions.Accounts;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Activities;

/// <summary>Activities for admins (create, change, remove, the venue screen's code) and for workers (what they can check in to).</summary>
internal sealed class ActivityCatalog(ActivitiesTable activities, CheckInsTable checkIns, AccountsTable accounts, RulesStore rules, CheckInKey key, TimeProvider clock)
{
    /// <summary>The counter first, then the activity: a check-in never finds an activity without its counter.</summary>
    public async Task<Decision<ActivityView>> CreateAsync(Activity activity, CancellationToken ct)
    {
        if (await activities.FindAsync(activity.Id, ct) is not null)
        {
            return new Refusal(ProblemCodes.AlreadyExists, $"Activity '{activity.Id}' already exists; PUT changes it.");
        }

        await checkIns.InitAsync(activity.Id, activity.Capacity, ct);
        return await activities.AddAsync(activity, ct)
            ? ActivityView.Of(activity, 0)
            : new Refusal(ProblemCodes.AlreadyExists, $"Activity '{activity.Id}' already exists; PUT changes it.");
    }

    /// <summary>Changes an activity; a capacity below those already checked in is refused and changes nothing.</summary>
    public async Task<Decision<ActivityView>> UpdateAsync(Activity activity, CancellationToken ct)
    {
        if (await activities.FindAsync(activity.Id, ct) is not { } before)
        {
            return NotFound(activity.Id);
        }

        if (before.Capacity != activity.Capacity && !await checkIns.ResizeAsync(activity.Id, activity.Capacity, ct))
        {
            return new Refusal(ActivityCodes.CapacityBelowCheckedIn, $"More than {activity.Capacity} workers have already checked in to '{activity.Id}'.");
        }

        await activities.UpsertAsync(activity, ct);
        return ActivityView.Of(activity, await checkIns.CountAsync(activity.Id, ct));
    }

    /// <summary>Only an activity nobody checked in to can go: the points it paid and the union's counts refer to it.</summary>
    public async Task<Decision<bool>> DeleteAsync(string id, CancellationToken ct)
    {
        if (await activities.FindAsync(id, ct) is null)
        {
            return NotFound(id);
        }

        if (await checkIns.CountAsync(id, ct) > 0)
        {
            return new Refusal(ActivityCodes.HasCheckIns, $"Workers have checked in to '{id}'; it stays for the record (change its check-in window instead).");
        }

        await activities.DeleteAsync(id, ct);
        await checkIns.DeleteAsync(id, ct);
        return true;
    }

    public async Task<Decision<ActivityView>> GetAsync(string id, CancellationToken ct) =>
        await activities.FindAsync(id, ct) is { } a ? ActivityView.Of(a, await checkIns.CountAsync(id, ct)) : NotFound(id);

    /// <summary>Every activity with its count so far: one read of the catalog, then one of each activity's counter (a few hundred a year, an admin's page).</summary>
    public async Task<ActivityList> ListAsync(CancellationToken ct) =>
        new(await Task.WhenAll((await activities.AllAsync(ct)).Select(async a => ActivityView.Of(a, await checkIns.CountAsync(a.Id, ct)))));

    /// <summary>What the venue screen shows now: the code of this 30-second step, as digits and as a QR code, and the count so far.</summary>
    public async Task<Decision<CheckInCode>> CodeAsync(string id, CancellationToken ct)
    {
        if (await activities.FindAsync(id, ct) is not { } activity)
        {
            return NotFound(id);
        }

        var now = clock.GetUtcNow();
        var current = key.Current(id, now);
        if (current.IsRefused)
        {
            return current.Refusal!;
        }

        var snapshot = await rules.GetAsync(ct);
        var (code, qr, until) = current.Value;
        return new CheckInCode(id, activity.Title, code, qr, snapshot.Local(until), snapshot.Local(now), await checkIns.CountAsync(id, ct), activity.Capacity);
    }

    /// <summary>
    /// The activities of the worker's unit whose check-in has not closed more than a day ago and that start within
    /// 30 days, with whether the worker has checked in: one read of the catalog, one of the worker's partition.
    /// </summary>
    public async Task<Decision<WorkerActivityList>> ForWorkerAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var local = snapshot.LocalNow(clock.GetUtcNow());
        var all = await activities.AllAsync(ct);
        var near = all.Where(a => a.CheckInCloses > local.AddDays(-1) && a.Starts < local.AddDays(30)).ToList();
        var read = await accounts.ReadAsync(worker.WorkerId, new Domain.Ledger.SnapshotQuery { Once = [.. near.Select(a => CheckInUseCase.OnceKey(a.Id))] }, ct);
        if (read.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var unitId = read.Account!.UnitId;
        return new WorkerActivityList([.. near.Where(a => a.Invites(unitId)).OrderBy(a => a.CheckInOpens).Select(a =>
        {
            var v = ActivityView.Of(a);
            return new WorkerActivity(a.Id, a.Title, a.Kind, v.KindName, a.Place, v.StartsAt, v.EndsAt, v.CheckInOpensAt, v.CheckInClosesAt, a.Points, a.CheckInOpen(local), read.HasOnce(CheckInUseCase.OnceKey(a.Id)));
        })]);
    }

    private static Refusal NotFound(string id) => new(ActivityCodes.ActivityNotFound, $"There is no activity '{id}'.");
}
