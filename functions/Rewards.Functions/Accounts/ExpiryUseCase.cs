using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Accounts;

/// <summary>What an expiry did; <see cref="Stale"/> when the ledger had moved since it was read, so nothing was decided.</summary>
internal sealed record ExpiryOutcome(string? TxId, long Expired, long Balance, bool Stale);

/// <summary>
/// Points expiry, as the rules set it: the hourly timer looks only at the workers the expiry schedule says are
/// due (<see cref="ExpirySchedule"/>). For each it reads the ledger, writes an expiry line for points past their
/// date (oldest first), keeps an <c>expiry</c> row with what expires within 30 days (GET /api/me reads it in its
/// one query), and schedules the worker's next look. A run costs what is due, never what exists.
/// </summary>
internal sealed class ExpiryUseCase(AccountsTable accounts, LedgerWriter writer, ExpirySchedule schedule, RulesStore rules, TimeProvider clock, ILogger<ExpiryUseCase> log)
{
    [Function("ExpirePoints")]
    public async Task Run([TimerTrigger("0 15 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var expired = await RunAsync(ct);
        if (expired > 0)
        {
            log.LogInformation("Expired points of {Count} workers", expired);
        }
    }

    /// <summary>Looks at every worker whose schedule row is due; returns how many had points expire.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        if (snapshot.Rules.PointsExpiry == ProgramRules.Never)
        {
            return 0;
        }

        var expired = 0;
        await foreach (var due in schedule.DueAsync(clock.GetUtcNow(), ct))
        {
            var (wrote, next) = await ExpireAsync(due.WorkerId, snapshot, ct);
            await schedule.MoveAsync(due, next, ct);
            expired += wrote ? 1 : 0;
        }

        return expired;
    }

    /// <summary>
    /// Expires what is due for one worker; true when a line was written, and when to look next. A ledger that
    /// moved meanwhile is read again.
    /// </summary>
    public async Task<(bool Expired, DateTimeOffset? Next)> ExpireAsync(string workerId, RulesSnapshot snapshot, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = clock.GetUtcNow();
            var lines = await accounts.AllLinesAsync(workerId, ct);
            var sequence = lines.Count == 0 ? 0 : lines[^1].Sequence;
            var balance = lines.Count == 0 ? 0 : lines[^1].BalanceAfter;
            var lots = Expiry.Lots(lines, at => ExpirySchedule.ExpiresAt(snapshot, at));
            var outlook = Expiry.Outlook(lots, now, ExpiryDates.Notice, balance);
            var next = ExpirySchedule.Next(lots, now);
            await accounts.SaveOutlookAsync(workerId, new OutlookRow(outlook.Soon, outlook.SoonAt, now), ct);
            if (outlook.Due == 0)
            {
                return (false, next);
            }

            // Decided on the ledger as read above: a ledger that moved since (its sequence differs) is read again.
            var when = LocalDay.Key(snapshot.Today(now));
            var result = await writer.WriteAsync(
                new LedgerCommand(workerId, null, $"expiry:{sequence}", when, SnapshotQuery.Nothing),
                read => (read.Account.State.Sequence != sequence ? LedgerChange.None : Expiry.Expire(Math.Min(outlook.Due, read.Account.State.Balance), when))
                    .As(posted => new ExpiryOutcome(posted.Line?.TxId, -(posted.Line?.Amount ?? 0), posted.Account.Balance, read.Account.State.Sequence != sequence)),
                ct);
            if (result.IsRefused || !result.Value!.Stale)
            {
                log.LogInformation("Expired {Points} points of {WorkerId}", result.Value?.Expired, workerId);
                return (!result.IsRefused, next);
            }
        }

        // Still moving after five reads: look again at the next run.
        return (false, clock.GetUtcNow());
    }
}
