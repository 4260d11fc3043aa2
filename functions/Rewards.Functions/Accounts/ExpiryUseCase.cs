using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

internal sealed record ExpiryOutcome(string? TxId, long Expired, long Balance);

/// <summary>
/// Points expiry, as the rules set it: the hourly timer writes an expiry ledger line for points past their
/// date (oldest first) and keeps an <c>expiry</c> row with what expires within 30 days, which GET /api/me reads
/// in its one query. It reads whole ledgers, so it is a background job, never a request.
/// </summary>
internal sealed class ExpiryUseCase(AccountsTable accounts, LedgerWriter writer, RulesStore rules, TimeProvider clock, ILogger<ExpiryUseCase> log)
{
    public const string Row = "expiry";
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    [Function("ExpirePoints")]
    public async Task Run([TimerTrigger("0 15 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var expired = await RunAsync(ct);
        if (expired > 0)
        {
            log.LogInformation("Expired points of {Count} workers", expired);
        }
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        if (snapshot.Rules.PointsExpiry == ProgramRules.Never)
        {
            return 0;
        }

        var expired = 0;
        var filter = TableClient.CreateQueryFilter(FormattableStringFactory.Create("RowKey eq {0} and Balance gt {1}", RowKeys.Account, 0L));
        await foreach (var account in accounts.ScanAsync(filter, ["PartitionKey"], ct))
        {
            expired += await ExpireAsync(account.PartitionKey, snapshot, ct) ? 1 : 0;
        }

        return expired;
    }

    /// <summary>Expires what is due for one worker; true when a line was written. A ledger that moved meanwhile is read again.</summary>
    public async Task<bool> ExpireAsync(string workerId, RulesSnapshot snapshot, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = clock.GetUtcNow();
            var lines = await accounts.AllLinesAsync(workerId, ct);
            var sequence = lines.Count == 0 ? 0 : lines[^1].Sequence;
            var balance = lines.Count == 0 ? 0 : lines[^1].BalanceAfter;
            var lots = Expiry.Lots(lines, at => snapshot.Instant(new DateTime(snapshot.Local(at).Year + 2, 1, 1)));
            var outlook = Expiry.Outlook(lots, now, Window, balance);
            await accounts.UpsertAsync(new TableEntity(workerId, Row) { ["Soon"] = outlook.Soon, ["SoonAt"] = outlook.SoonAt, ["Computed"] = now }, ct);
            if (outlook.Due == 0)
            {
                return false;
            }

            var stale = false;
            var when = LocalDay.Key(snapshot.Today(now));
            var result = await writer.WriteAsync(
                new LedgerCommand(workerId, null, $"expiry:{sequence}", when, []),
                read =>
                {
                    stale = read.Account.Sequence != sequence;
                    return stale ? LedgerChange.None : Expiry.Expire(Math.Min(outlook.Due, read.Account.Balance), when);
                },
                (line, next, _) => new ExpiryOutcome(line?.TxId, -(line?.Amount ?? 0), next.Balance),
                ct);
            if (!stale)
            {
                log.LogInformation("Expired {Points} points of {WorkerId}", result.Value?.Expired, workerId);
                return !result.IsRefused;
            }
        }

        return false;
    }
}
