using Rewards.Domain;
using Rewards.Domain.Ledger;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Accounts;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Ledger;

/// <summary>
/// The real <see cref="LedgerWriter"/> against Azurite, under random work: awards, credits and debits, holds
/// with their redemption rows, releases, deliveries and expiries, some sent twice with the same key, by
/// several lanes per worker at once (so ETags collide). Whatever the interleaving, the books must balance.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class LedgerWriterPropertyTests(AzuriteFixture azurite)
{
    private const int Workers = 6;
    private const int LanesPerWorker = 3;
    private const int OpsPerLane = 60;

    internal sealed record Applied(string? TxId, long Amount, long HeldChange);

    private sealed record Op(string Key, string Hash, SnapshotQuery Rows, Func<LedgerRead, Decision<LedgerChange>> Decide, (string Id, long Points)? Opens = null, string? Closes = null);

    private sealed class Lane
    {
        public long Balance { get; set; }

        public long Held { get; set; }

        public List<(string Id, long Points)> Open { get; } = [];

        public Dictionary<string, string> Applied { get; } = [];

        public int Replays { get; set; }
    }

    [Fact]
    public async Task Random_concurrent_work_on_the_real_writer_keeps_balance_plus_held_equal_to_the_ledger()
    {
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.WithoutTimers());
        var writer = app.Service<LedgerWriter>();
        for (var w = 0; w < Workers; w++)
        {
            await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = $"p-{w}", DisplayName = "职工", UnitId = "u1" }, CancellationToken.None);
        }

        var lanes = Enumerable.Range(0, Workers * LanesPerWorker).Select(_ => new Lane()).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, lanes.Length), new ParallelOptions { MaxDegreeOfParallelism = lanes.Length }, async (l, _) =>
        {
            var random = new Random(1000 + l);
            var worker = $"p-{l / LanesPerWorker}";
            var lane = lanes[l];
            Op? previous = null;
            for (var n = 0; n < OpsPerLane; n++)
            {
                var op = previous is not null && random.Next(8) == 0 ? previous : Next(random, lane, $"{l}-{n}");
                previous = op;
                var result = await writer.WriteAsync(
                    new LedgerCommand(worker, null, $"prop:{op.Key}", op.Hash, op.Rows),
                    read => op.Decide(read).Then(change => change.As(posted => new Applied(posted.Line?.TxId, posted.Line?.Amount ?? 0, posted.Line?.HeldChange ?? 0))),
                    CancellationToken.None);
                Record(lane, op, result);
            }
        });

        var accounts = app.Service<AccountsTable>();
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.True(lanes.Sum(l => l.Replays) > 50, "too few duplicates were sent to test idempotency");
        for (var w = 0; w < Workers; w++)
        {
            var mine = lanes.Skip(w * LanesPerWorker).Take(LanesPerWorker).ToList();
            var account = (await accounts.ReadAsync($"p-{w}", SnapshotQuery.Nothing, CancellationToken.None)).Account!.State;
            var lines = await accounts.AllLinesAsync($"p-{w}", CancellationToken.None);

            Assert.Equal(mine.Sum(l => l.Balance), account.Balance);
            Assert.Equal(mine.Sum(l => l.Held), account.Held);
            Assert.Equal(mine.SelectMany(l => l.Open).Sum(o => o.Points), account.Held);
            Assert.True(account.Balance >= 0 && account.Held >= 0, $"p-{w} went negative: {account}");
            Assert.Equal(account.Balance + account.Held, lines.Sum(l => l.Amount));
            Assert.Equal(mine.Sum(l => l.Applied.Count), lines.Count);
            Assert.All(lines.GroupBy(l => l.SourceRef), g => Assert.Single(g));
        }

        Assert.Empty(report["mismatches"]!);
        Assert.Empty(report["deliveredAndRefunded"]!);
    }

    private static void Record(Lane lane, Op op, Decision<Applied> result)
    {
        if (result.IsRefused || result.Value!.TxId is not { } txId)
        {
            return;
        }

        if (lane.Applied.TryGetValue(op.Key, out var first))
        {
            // The same key again: the first outcome, never a second line.
            Assert.Equal(first, txId);
            lane.Replays++;
            return;
        }

        lane.Applied[op.Key] = txId;
        lane.Balance += result.Value.Amount - result.Value.HeldChange;
        lane.Held += result.Value.HeldChange;
        if (op.Opens is { } opened)
        {
            lane.Open.Add(opened);
        }

        if (op.Closes is { } closed)
        {
            lane.Open.RemoveAll(o => o.Id == closed);
        }
    }

    private static Op Next(Random random, Lane lane, string key)
    {
        var points = random.Next(1, 30);
        var source = $"prop:{key}";
        switch (random.Next(lane.Open.Count > 0 ? 8 : 6))
        {
            case 0 or 1:
                return new Op(key, $"award:{points}", SnapshotQuery.Nothing, _ => (LedgerChange)new Posting(points, LedgerKinds.Learning, "学习", source));
            case 2:
                return new Op(key, $"credit:{points}", SnapshotQuery.Nothing, _ => (LedgerChange)new Posting(points, LedgerKinds.Adjustment, "补发", source));
            case 3:
                return new Op(key, $"debit:{points}", SnapshotQuery.Nothing, _ => (LedgerChange)new Posting(-points, LedgerKinds.Adjustment, "扣减", source));
            case 4:
                return new Op(key, $"hold:{points}", new SnapshotQuery { Redemptions = [key] }, read => read.Snapshot.Redemption(key) is not null
                    ? LedgerChange.None
                    : new LedgerChange
                    {
                        Posting = new Posting(0, LedgerKinds.Hold, "冻结", source, points),
                        Puts = [new RedemptionRow(key, "r", "奖品", "p", 1, points, RedemptionStatus.Pending, null, null, read.Now)],
                    },
                    Opens: (key, points));
            case 5:
                return new Op(key, $"expire:{points}", SnapshotQuery.Nothing, read =>
                    Math.Min(points, read.Account.State.Balance) is var due and > 0 ? (LedgerChange)Expiry.Expire(due, key) : LedgerChange.None);
            default:
                var (id, held) = lane.Open[random.Next(lane.Open.Count)];
                var deliver = random.Next(2) == 0;
                return new Op(key, $"{(deliver ? "spend" : "release")}:{id}", new SnapshotQuery { Redemptions = [id] }, read =>
                {
                    if (read.Snapshot.Redemption(id) is not { Status: RedemptionStatus.Pending } open)
                    {
                        return LedgerChange.None;
                    }

                    return new LedgerChange
                    {
                        Posting = deliver ? new Posting(-held, LedgerKinds.Spend, "已签收", source, -held) : RedemptionRules.Release(id, "奖品", held, "已取消") with { SourceRef = source },
                        Puts = [open with { Status = deliver ? RedemptionStatus.Delivered : RedemptionStatus.Cancelled }],
                    };
                }, Closes: id);
        }
    }
}
