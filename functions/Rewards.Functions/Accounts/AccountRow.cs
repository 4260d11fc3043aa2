using Azure.Data.Tables;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Accounts;

/// <summary>Maps the rows of a worker's partition to domain values and back, by hand.</summary>
internal static class AccountRow
{
    public static AccountState State(TableEntity account) => new(
        account.GetInt64("Balance") ?? 0,
        account.GetInt64("Held") ?? 0,
        account.GetInt64("LifetimeEarned") ?? 0,
        account.GetInt64("Spent") ?? 0,
        account.GetInt64("Expired") ?? 0,
        account.GetInt64("Sequence") ?? 0);

    public static int TokenVersion(TableEntity account) => account.GetInt32("TokenVersion") ?? 1;

    public static string UnitId(TableEntity account) => account.GetString("UnitId") ?? "";

    public static string DisplayName(TableEntity account) => account.GetString("DisplayName") ?? "";

    public static TableEntity New(string workerId, string displayName, string unitId) => new(workerId, RowKeys.Account)
    {
        ["DisplayName"] = displayName,
        ["UnitId"] = unitId,
        ["TokenVersion"] = 1,
        ["Balance"] = 0L,
        ["Held"] = 0L,
        ["LifetimeEarned"] = 0L,
        ["Spent"] = 0L,
        ["Expired"] = 0L,
        ["Sequence"] = 0L,
    };

    /// <summary>Only the money fields, for a merge under the ETag that was read.</summary>
    public static TableEntity Update(TableEntity read, AccountState next) => new(read.PartitionKey, read.RowKey)
    {
        ["Balance"] = next.Balance,
        ["Held"] = next.Held,
        ["LifetimeEarned"] = next.LifetimeEarned,
        ["Spent"] = next.Spent,
        ["Expired"] = next.Expired,
        ["Sequence"] = next.Sequence,
        ETag = read.ETag,
    };

    private const string AttemptsPrefix = "attempts_";

    public static DayTally Day(TableEntity? row, DateOnly day)
    {
        if (row is null)
        {
            return DayTally.Empty(day);
        }

        var counters = row.Where(p => p.Value is long or int && p.Key is not ("PartitionKey" or "RowKey"))
            .Select(p => (p.Key, Value: Convert.ToInt64(p.Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return new DayTally(
            day,
            counters.Where(c => !c.Key.StartsWith(AttemptsPrefix, StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value),
            counters.Where(c => c.Key.StartsWith(AttemptsPrefix, StringComparison.Ordinal)).ToDictionary(c => c.Key[AttemptsPrefix.Length..], c => (int)c.Value));
    }

    /// <summary>
    /// Today's row with one action's points, written under the row's ETag (or added when the day has none), so
    /// that awards and attempt starts, which both change it, never overwrite each other.
    /// </summary>
    public static TableTransactionAction DayPoints(string workerId, TableEntity? read, DayTally tally, string action) =>
        DayWrite(read, new TableEntity(workerId, RowKeys.Day(LocalDay.Key(tally.Day))) { [action] = tally.For(action) });

    public static TableTransactionAction DayAttempts(string workerId, TableEntity? read, DayTally tally, string action) =>
        DayWrite(read, new TableEntity(workerId, RowKeys.Day(LocalDay.Key(tally.Day))) { [AttemptsPrefix + action] = (long)tally.AttemptsOf(action) });

    private static TableTransactionAction DayWrite(TableEntity? read, TableEntity row)
    {
        if (read is null)
        {
            return new(TableTransactionActionType.Add, row);
        }

        row.ETag = read.ETag;
        return new(TableTransactionActionType.UpdateMerge, row, read.ETag);
    }

    public static TableEntity TxRow(string workerId, LedgerLine line) => new(workerId, RowKeys.Tx(line.Sequence, line.TxId))
    {
        ["TxId"] = line.TxId,
        ["Sequence"] = line.Sequence,
        ["Amount"] = line.Amount,
        ["Kind"] = line.Kind,
        ["Reason"] = line.Reason,
        ["SourceRef"] = line.SourceRef,
        ["BalanceAfter"] = line.BalanceAfter,
        ["At"] = line.At,
        ["HeldChange"] = line.HeldChange,
    };

    public static LedgerLine Line(TableEntity row) => new(
        row.GetString("TxId") ?? "",
        row.GetInt64("Sequence") ?? 0,
        row.GetInt64("Amount") ?? 0,
        row.GetString("Kind") ?? "",
        row.GetString("Reason") ?? "",
        row.GetString("SourceRef") ?? "",
        row.GetInt64("BalanceAfter") ?? 0,
        row.GetDateTimeOffset("At") ?? default,
        row.GetInt64("HeldChange") ?? 0);
}
