using Rewards.Domain.Ledger;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>
/// When the expiry timer must look at a worker: rows in the <c>expiry</c> partition of Schedule, keyed by the
/// time they are due. Points earned in a year expire together when the year after it ends, so a worker needs
/// one row per year that has points: the first line of a new year's lot writes it (30 days before the due
/// date, for the notice) and the account row remembers the latest year scheduled (<see cref="Scheduled"/>),
/// so that costs one extra call a year per worker, not one per award. A release gives points back to old
/// lots, perhaps due already, so it asks for a look now (one call per release). Processing a row writes the
/// worker's next one (<see cref="Next"/>).
/// </summary>
internal sealed class ExpirySchedule(ScheduleTable schedule)
{
    public const string Partition = "expiry";

    /// <summary>The account row's memory of the latest due year whose row is written.</summary>
    public const string Scheduled = "ExpiryScheduled";

    /// <summary>When points reaching the balance at <paramref name="at"/> expire (<see cref="ExpiryDates"/>), as an instant of the program's zone.</summary>
    public static DateTimeOffset ExpiresAt(RulesSnapshot rules, DateTimeOffset at) => rules.Instant(ExpiryDates.ExpiresAt(rules.Local(at).DateTime));

    /// <summary>
    /// Called right before the writer commits <paramref name="line"/>: schedules what the line needs and returns
    /// the due year the account row must now remember (null: unchanged). Written first, so a failed commit leaves
    /// at most a row that finds nothing to do.
    /// </summary>
    public async Task<int?> ScheduleAsync(WorkerAccount account, LedgerLine? line, RulesSnapshot rules, CancellationToken ct)
    {
        if (line is null || line.Amount - line.HeldChange <= 0)
        {
            return null;
        }

        if (line.HeldChange < 0)
        {
            await schedule.UpsertAsync(Partition, line.At, account.WorkerId, ct);
            return null;
        }

        var year = ExpiryDates.DueYear(rules.Local(line.At).DateTime);
        if (account.ExpiryScheduled >= year)
        {
            return null;
        }

        await schedule.UpsertAsync(Partition, DueAt(rules, year) - ExpiryDates.Notice, account.WorkerId, ct);
        return year;
    }

    /// <summary>The worker's next look after one at <paramref name="now"/>: the notice of the next lot, or its due time once within the notice.</summary>
    public static DateTimeOffset? Next(IEnumerable<Lot> lots, DateTimeOffset now) => ExpiryDates.NextLook(lots, now);

    public IAsyncEnumerable<ScheduleEntry> DueAsync(DateTimeOffset now, CancellationToken ct) => schedule.DueAsync(Partition, now, ct);

    public Task MoveAsync(ScheduleEntry done, DateTimeOffset? next, CancellationToken ct) => schedule.MoveAsync(Partition, done, next, ct);

    private static DateTimeOffset DueAt(RulesSnapshot rules, int year) => rules.Instant(ExpiryDates.DueDate(year));
}
