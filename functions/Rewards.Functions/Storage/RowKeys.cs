using System.Globalization;

namespace Rewards.Functions.Storage;

/// <summary>The row keys of a worker's partition in Accounts (DESIGN.md section 4).</summary>
internal static class RowKeys
{
    public const string Account = "account";

    /// <summary>The worker's projected progress (badges, streaks), owned by the ledger-events projector.</summary>
    public const string Progress = "progress";

    public static string Day(string localDay) => $"day|{localDay}";

    public static string Once(string key) => $"once|{key}";

    public static string Idem(string key) => $"idem|{key}";

    public static string Outbox(string txId) => $"out|{txId}";

    public static string View(string viewId) => $"view|{viewId}";

    public static string Attempt(string attemptId) => $"attempt|{attemptId}";

    public static string Redemption(string id) => $"redemption|{id}";

    /// <summary>How many of a prize the worker has redeemed and not had refunded, for the per-worker limit.</summary>
    public static string Limit(string rewardId) => $"limit|{rewardId}";

    /// <summary>
    /// Newest first: RowKeys sort as strings, so the line's sequence number is inverted and zero-padded. The
    /// sequence, not the clock, orders the ledger: it is assigned under the account's ETag, so it is exactly
    /// the commit order, unique, and immune to two lines in one clock tick or clocks that differ between instances.
    /// </summary>
    public static string Tx(long sequence, string txId) =>
        $"tx|{(long.MaxValue - sequence).ToString("D19", CultureInfo.InvariantCulture)}|{txId}";

    /// <summary>From this sequence (inclusive) upward, as a RowKey bound of the newest-first ledger.</summary>
    public static string TxAtOrBelow(long sequence) => $"tx|{(long.MaxValue - sequence).ToString("D19", CultureInfo.InvariantCulture)}";

    public const string TxFrom = "tx|";
    public const string TxTo = "tx}";
    public const string OutboxFrom = "out|";
    public const string OutboxTo = "out}";

    /// <summary>A new id that sorts by creation time and is safe in keys and URLs.</summary>
    public static string NewId(DateTimeOffset now) =>
        now.UtcTicks.ToString("x15", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..12];
}
