using Microsoft.Extensions.DependencyInjection;
using Rewards.Functions.Accounts;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;
using static Rewards.Functions.Tests.Leaderboards.LeaderboardTests;

namespace Rewards.Functions.Tests.Leaderboards;

/// <summary>
/// The projector coalesces events (issue 13): many events of many members of a unit become a few transactions, and
/// none of the ways that can go wrong (a crash after the boards' commit, two instances racing, a replay on an
/// instance that remembers nothing) moves a board, a badge or the overview twice or not at all. The ledger-events
/// consumer is off in these tests: each drives the projector itself, with the events the ledger wrote.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ProjectorBatchTests(AzuriteFixture azurite)
{
    private static readonly object NoCaps = new { timeZone = "Asia/Shanghai", dailyCap = 0, actions = new { learning = new { dailyCap = 0 } } };

    /// <summary>An app whose events wait in the queue: no consumer, no timer.</summary>
    private Task<TestApp> StartAsync(BoardInterleavings? interleavings = null) =>
        TestApp.StartAsync(azurite, configure: o =>
        {
            o.WithoutTimers("ProjectLedgerEvent");
            if (interleavings is not null)
            {
                o.ConfigureServices += s => s.AddSingleton(interleavings);
            }
        });

    /// <summary>A nudge for the worker's line: the projector reads the line itself, so only the worker and the sequence matter.</summary>
    private static LedgerEvent Nudge(string workerId, long sequence) =>
        new($"t-{workerId}-{sequence}", workerId, "u1", sequence, 0, "learning", "学习", "", 0, 0, 0, default, "");

    /// <summary>Members w-00.. of u1, each completing contents c-1.. (worth 1, 2, … points); the events they wrote, newest last.</summary>
    private static async Task<List<LedgerEvent>> EarnAsync(TestApp app, int members, int awards)
    {
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: NoCaps);
        for (var c = 1; c <= awards; c++)
        {
            await app.ContentAsync($"c-{c}", c, 0);
        }

        var events = new List<LedgerEvent>();
        for (var m = 0; m < members; m++)
        {
            var token = await app.WorkerAsync($"w-{m:D2}", unit: "u1", name: $"职工{m}");
            for (var c = 1; c <= awards; c++)
            {
                await LearnAsync(app, token, $"c-{c}");
                events.Add(Nudge($"w-{m:D2}", c));
            }
        }

        return events;
    }

    /// <summary>What the boards and the overview say: (each member's all-time points, the unit's points, its active members, today's learning points, today's active).</summary>
    private static async Task<(string People, long Unit, int Active, long Learning, int ActiveToday)> ShownAsync(TestApp app, string token)
    {
        var people = await BoardAsync(app, token, "individual");
        var units = await BoardAsync(app, token, "units", "period=all&by=participation");
        var (_, overview) = await app.SendAsync(HttpMethod.Get, "/api/admin/overview");
        var unit = (await BoardAsync(app, token, "units")).SingleOrDefault();
        return (
            string.Join(",", people.Select(p => $"{p.Value<string>("id")}={p.Value<long>("points")}").Order(StringComparer.Ordinal)),
            unit?.Value<long>("points") ?? 0,
            units.SingleOrDefault()?.Value<int>("active") ?? 0,
            overview["todayFigures"]!["points"]!.Value<long?>("learning") ?? 0,
            overview["todayFigures"]!.Value<int>("active"));
    }

    private static string Expected(int members, int awards) =>
        string.Join(",", Enumerable.Range(0, members).Select(m => $"w-{m:D2}={awards * (awards + 1) / 2}").Order(StringComparer.Ordinal));

    [Fact]
    public async Task Events_of_sixteen_members_of_one_unit_are_applied_together_at_under_two_storage_calls_each()
    {
        await using var app = await StartAsync();
        const int members = 16, awards = 3;
        var events = await EarnAsync(app, members, awards);
        var token = await app.WorkerAsync("w-reader", unit: "u2");
        var counter = app.Service<StorageCallCounter>();
        var projector = app.Service<Projector>();

        var before = counter.CallsIn(Projector.Area);
        await Task.WhenAll(events.Select(e => projector.ApplyAsync(e, CancellationToken.None)));
        var calls = counter.CallsIn(Projector.Area) - before;

        // 16 members' rows and the unit's do not fit one transaction (100 entities): some wait for the next round.
        Assert.Equal((Expected(members, awards), members * 6L, members, members * 6L, members), await ShownAsync(app, token));
        Assert.True(calls <= 2 * events.Count, $"{calls} storage calls for {events.Count} events");
    }

    [Fact]
    public async Task Two_instances_projecting_one_unit_at_once_count_every_line_once()
    {
        await using var app = await StartAsync();
        const int members = 6, awards = 4;
        var events = await EarnAsync(app, members, awards);
        var token = await app.WorkerAsync("w-reader", unit: "u2");
        var first = app.Service<Projector>();
        var second = ActivatorUtilities.CreateInstance<Projector>(app.Services);

        // Each instance takes every event, in opposite orders: their transactions race on the unit's rows and the
        // members' watermarks, and the loser of each race decides again from a fresh read.
        await Task.WhenAll(
            Task.WhenAll(events.Select(e => first.ApplyAsync(e, CancellationToken.None))),
            Task.WhenAll(Enumerable.Reverse(events).Select(e => second.ApplyAsync(e, CancellationToken.None))));

        Assert.Equal((Expected(members, awards), members * 10L, members, members * 10L, members), await ShownAsync(app, token));
    }

    [Fact]
    public async Task A_crash_after_the_boards_commit_leaves_the_progress_to_the_redelivery_and_counts_nothing_twice()
    {
        var crashes = 0;
        var interleavings = new BoardInterleavings
        {
            AfterBoardsCommit = _ => Interlocked.Increment(ref crashes) == 1 ? throw new InvalidOperationException("The instance stopped here.") : Task.CompletedTask,
        };
        await using var app = await StartAsync(interleavings);
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: NoCaps);
        await app.ContentAsync("c-1", 100, 0);
        var token = await app.WorkerAsync("w-00", unit: "u1", name: "张伟");
        await LearnAsync(app, token, "c-1");

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Service<Projector>().ApplyAsync(Nudge("w-00", 1), CancellationToken.None));
        var (_, meAfterCrash) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        Assert.Equal(("w-00=100", 100L, 1, 100L, 1), await ShownAsync(app, token));
        Assert.Empty(meAfterCrash["badges"]!);

        // The message comes back: on this instance, and (a duplicate) on one that remembers nothing.
        await app.Service<Projector>().ApplyAsync(Nudge("w-00", 1), CancellationToken.None);
        await ActivatorUtilities.CreateInstance<Projector>(app.Services).ApplyAsync(Nudge("w-00", 1), CancellationToken.None);

        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        Assert.Equal(("w-00=100", 100L, 1, 100L, 1), await ShownAsync(app, token));
        Assert.Equal(["lifetime-100"], me["badges"]!.Select(b => b.Value<string>("code")));
        Assert.Equal(1, crashes); // the redeliveries had nothing left to commit to the boards
    }

    [Fact]
    public async Task A_replay_on_an_instance_that_remembers_nothing_reads_and_changes_nothing()
    {
        await using var app = await StartAsync();
        const int members = 3, awards = 3;
        var events = await EarnAsync(app, members, awards);
        var token = await app.WorkerAsync("w-reader", unit: "u2");
        await Task.WhenAll(events.Select(e => app.Service<Projector>().ApplyAsync(e, CancellationToken.None)));
        var before = await ShownAsync(app, token);
        var (_, overviewBefore) = await app.SendAsync(HttpMethod.Get, "/api/admin/overview");
        var counter = app.Service<StorageCallCounter>();
        var calls = counter.CallsIn(Projector.Area);

        var fresh = ActivatorUtilities.CreateInstance<Projector>(app.Services);
        foreach (var e in events)
        {
            await fresh.ApplyAsync(e, CancellationToken.None);
        }

        calls = counter.CallsIn(Projector.Area) - calls;
        var (_, overviewAfter) = await app.SendAsync(HttpMethod.Get, "/api/admin/overview");
        Assert.Equal((Expected(members, awards), members * 6L, members, members * 6L, members), before);
        Assert.Equal(before, await ShownAsync(app, token));
        Assert.Equal(overviewBefore["units"]!.ToString(), overviewAfter["units"]!.ToString());

        // Each member's first replay reads its ledger and the board rows; the instance then knows, and the rest cost
        // nothing. (One more call if the rules' 30 s cache ran out meanwhile.)
        Assert.InRange(calls, 2 * members, (2 * members) + 1);
    }
}
