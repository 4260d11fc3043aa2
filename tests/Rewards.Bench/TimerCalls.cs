using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.DevHost.Hosting;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Bench;

internal sealed record TimerRunCalls(int HistoryLines, long SweepCalls, int Published, double SweepMs, long ExpiryCalls, int Expired, double ExpiryMs, double SeedSeconds);

/// <summary>
/// The storage calls of one outbox sweep and one expiry run, with the same work due each time and a history of
/// a given size around it (ledger lines of workers with nothing due). Both must stay flat as the history grows.
/// </summary>
internal static class TimerCalls
{
    public const int DueWorkers = 10;
    private const int LinesPerWorker = 99;

    public static async Task PrintAsync(IReadOnlyDictionary<string, string> settings)
    {
        foreach (var lines in new[] { 1_000, 100_000 })
        {
            var run = await MeasureAsync(settings, lines);
            Console.WriteLine($"timers with {run.HistoryLines,7:N0} ledger lines of history (seeded in {run.SeedSeconds:F0} s): outbox sweep {run.SweepCalls} storage calls, {run.SweepMs:F0} ms ({run.Published} left-behind rows of {DueWorkers} workers published); expiry run {run.ExpiryCalls} storage calls, {run.ExpiryMs:F0} ms ({run.Expired} of {DueWorkers} due workers expired)");
        }
    }

    public static async Task<TimerRunCalls> MeasureAsync(IReadOnlyDictionary<string, string> settings, int historyLines)
    {
        var options = new DevHostOptions();
        foreach (var (key, value) in settings)
        {
            options.Settings[key] = value;
        }

        options.Settings["Rewards:Storage:Prefix"] = "tc" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        options.Settings["urls"] = "http://127.0.0.1:0";

        // Never started: no timer or queue listener runs, so the counter sees only the runs measured.
        await using var app = DevHostApp.Build([], options);
        var services = app.Services;
        var names = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();
        await Task.WhenAll(StorageNames.Tables.Select(t => tables.CreateTableIfNotExistsAsync(names.Table(t)))
            .Concat<Task>(StorageNames.Queues.Select(q => queues.GetQueueClient(names.Queue(q)).CreateIfNotExistsAsync())));

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var accounts = tables.GetTableClient(names.Table(StorageNames.Accounts));
        var schedule = services.GetRequiredService<ScheduleTable>();
        var seeding = Stopwatch.StartNew();
        await SeedHistoryAsync(accounts, tables.GetTableClient(names.Table(StorageNames.Schedule)), historyLines, now);
        await SeedDueAsync(accounts, schedule, now);
        seeding.Stop();

        await services.GetRequiredService<RulesStore>().GetAsync(CancellationToken.None);
        var counter = services.GetRequiredService<StorageCallCounter>();
        var before = counter.Calls;
        var clock = Stopwatch.StartNew();
        var published = await services.GetRequiredService<Outbox>().SweepAsync(now - OutboxIndex.Grace, CancellationToken.None);
        var sweepMs = clock.Elapsed.TotalMilliseconds;
        var sweepCalls = counter.Calls - before;

        before = counter.Calls;
        clock.Restart();
        var expired = await services.GetRequiredService<ExpiryUseCase>().RunAsync(CancellationToken.None);
        var expiryMs = clock.Elapsed.TotalMilliseconds;
        return new TimerRunCalls(historyLines, sweepCalls, published, sweepMs, counter.Calls - before, expired, expiryMs, seeding.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Workers with ledger lines and nothing due, as most are: each an account and up to 99 lines in one
    /// transaction (straight to storage, 16 at a time), and an expiry schedule row for a later year.
    /// </summary>
    private static async Task SeedHistoryAsync(TableClient accounts, TableClient scheduleTable, int lines, DateTimeOffset now)
    {
        var at = now.AddDays(-100);
        var workers = Enumerable.Range(0, (lines + LinesPerWorker - 1) / LinesPerWorker).Select(w => $"history-{w:D5}").ToList();
        await Parallel.ForEachAsync(workers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (workerId, ct) =>
        {
            var count = Math.Min(LinesPerWorker, lines - (workers.IndexOf(workerId) * LinesPerWorker));
            var batch = Enumerable.Range(1, count)
                .Select(n => new TableTransactionAction(TableTransactionActionType.Add, AccountRow.TxRow(workerId, new LedgerLine($"h{n}", n, 1, LedgerKinds.Adjustment, "历史积分", "seed", n, at))))
                .Append(new(TableTransactionActionType.Add, Account(workerId, count)));
            await accounts.SubmitTransactionAsync(batch, ct);
        });

        // Their expiry schedule rows, for a later year: one partition, so 100 to a transaction.
        foreach (var chunk in workers.Chunk(100))
        {
            await scheduleTable.SubmitTransactionAsync(chunk.Select(w => new TableTransactionAction(
                TableTransactionActionType.Add,
                new TableEntity(ExpirySchedule.Partition, ScheduleTable.Key(now.AddDays(200), w)) { ["WorkerId"] = w, ["At"] = now.AddDays(200) })));
        }
    }

    /// <summary>
    /// The work that is due, the same in every run: workers whose outbox row a crash left (indexed in a bucket half
    /// an hour old), workers whose points are three years old (scheduled an hour ago), and workers indexed in the
    /// current bucket (active now, not due).
    /// </summary>
    private static async Task SeedDueAsync(TableClient accounts, ScheduleTable schedule, DateTimeOffset now)
    {
        foreach (var i in Enumerable.Range(0, DueWorkers))
        {
            var crashed = $"crashed-{i:D2}";
            var e = new LedgerEvent($"c{i}", crashed, "bench", 1, 1, LedgerKinds.Adjustment, "奖励", "seed", 1, 0, 0, now.AddMinutes(-30), "");
            await accounts.SubmitTransactionAsync([new(TableTransactionActionType.Add, Account(crashed, 1)), Outbox.Row(e)]);
            await schedule.UpsertAsync(OutboxIndex.Partition, now.AddMinutes(-30), crashed, CancellationToken.None);
            await schedule.UpsertAsync(OutboxIndex.Partition, now, $"active-{i:D2}", CancellationToken.None);

            var old = $"old-points-{i:D2}";
            await accounts.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, Account(old, 1, balance: 10)),
                new(TableTransactionActionType.Add, AccountRow.TxRow(old, new LedgerLine("o1", 1, 10, LedgerKinds.Adjustment, "旧积分", "seed", 10, now.AddYears(-3)))),
            ]);
            await schedule.UpsertAsync(ExpirySchedule.Partition, now.AddHours(-1), old, CancellationToken.None);
        }
    }

    private static TableEntity Account(string workerId, long sequence, long? balance = null)
    {
        var account = AccountRow.New(workerId, "压测职工", "bench");
        account["Balance"] = balance ?? sequence;
        account["Sequence"] = sequence;
        return account;
    }
}
