using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Activities;

/// <summary>
/// An activity whose counts disagree: the counter against the seat rows (or past the capacity), seats whose worker
/// holds no award for it (a check-in interrupted between its two steps and not retried), awards without a seat.
/// </summary>
internal sealed record ActivityMismatch(string ActivityId, long Counted, long Seats, int? Capacity, IReadOnlyList<string> Unawarded, IReadOnlyList<string> Seatless);

/// <summary>The check-in invariants, for the reconciliation: Σ counter = seats ≤ capacity, and every seat has exactly one award.</summary>
internal sealed class ActivityReconciliation(ActivitiesTable activities, CheckInsTable checkIns, AccountsTable accounts)
{
    public async Task<IReadOnlyList<ActivityMismatch>> CheckAsync(CancellationToken ct)
    {
        // once|activity:{id} in each worker's partition marks the award; ';' is the character after ':'.
        var from = RowKeys.Once(CheckInUseCase.OnceKey(""));
        var awarded = new HashSet<(string Activity, string Worker)>();
        await foreach (var row in accounts.ScanAsync(Filters.RowRange(from, from[..^1] + ";"), ["PartitionKey", "RowKey"], ct))
        {
            awarded.Add((row.RowKey[from.Length..], row.PartitionKey));
        }

        var mismatches = new List<ActivityMismatch>();
        foreach (var activity in await activities.AllAsync(ct))
        {
            var seats = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var seat in checkIns.SeatsAsync(activity.Id, ct))
            {
                seats.Add(seat.WorkerId);
            }

            var counted = await checkIns.CountAsync(activity.Id, ct);
            var unawarded = seats.Where(w => !awarded.Contains((activity.Id, w))).Order(StringComparer.Ordinal).ToList();
            var seatless = awarded.Where(a => a.Activity == activity.Id && !seats.Contains(a.Worker)).Select(a => a.Worker).Order(StringComparer.Ordinal).ToList();
            if (counted != seats.Count || seats.Count > (activity.Capacity ?? int.MaxValue) || unawarded.Count > 0 || seatless.Count > 0)
            {
                mismatches.Add(new ActivityMismatch(activity.Id, counted, seats.Count, activity.Capacity, unawarded, seatless));
            }
        }

        return mismatches;
    }
}
