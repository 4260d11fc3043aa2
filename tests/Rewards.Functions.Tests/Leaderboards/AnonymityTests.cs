using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Tests.Infrastructure;
using static Rewards.Functions.Tests.Leaderboards.LeaderboardTests;

namespace Rewards.Functions.Tests.Leaderboards;

/// <summary>An opt-out from the boards holds whatever the projector is doing at the time (issue 12, item 9).</summary>
[Collection(StorageCollection.Name)]
public sealed class AnonymityTests(AzuriteFixture azurite)
{
    private static readonly object NoCaps = new { timeZone = "Asia/Shanghai", dailyCap = 0, actions = new { learning = new { dailyCap = 0 } } };

    private static async Task<JToken> OnlyEntryAsync(TestApp app, string token, string period)
    {
        var items = await BoardAsync(app, token, "individual", $"period={period}&limit=100");
        return Assert.Single(items);
    }

    private static async Task<int> PreferAsync(TestApp app, string token, bool anonymous) =>
        (await app.SendAsync(HttpMethod.Put, "/api/me/preferences", token, new { anonymousOnBoards = anonymous })).Status;

    [Fact]
    public async Task An_opt_out_made_after_the_projector_read_the_account_is_not_overwritten_by_the_flag_it_read()
    {
        TestApp? app = null;
        string? token = null;
        var optedOut = 0;
        var interleavings = new BoardInterleavings
        {
            // Exactly between the projector's reads and its commit of the second award, the worker opts out.
            BeforeBoardsCommit = async _ =>
            {
                if (Volatile.Read(ref token) is { } t && Interlocked.CompareExchange(ref optedOut, 1, 0) == 0)
                {
                    Assert.Equal(200, await PreferAsync(app!, t, true));
                }
            },
        };
        app = await TestApp.StartAsync(azurite, configure: o => o.ConfigureServices += s => s.AddSingleton(interleavings));
        await using var _ = app;
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: NoCaps);
        var worker = await app.WorkerAsync("w-a", unit: "u1", name: "张伟");
        await app.ContentAsync("c-1", 5, 0);
        await app.ContentAsync("c-2", 7, 0);
        await LearnAsync(app, worker, "c-1");
        await TestApp.EventuallyAsync(async () => (await BoardAsync(app, worker, "individual")).Count == 1, "the first award projected");

        Volatile.Write(ref token, worker);
        await LearnAsync(app, worker, "c-2");
        await TestApp.EventuallyAsync(async () => (await OnlyEntryAsync(app, worker, "all")).Value<long>("points") == 12, "the second award projected");

        Assert.Equal(1, optedOut);
        foreach (var period in new[] { "all", "month", "week" })
        {
            var entry = await OnlyEntryAsync(app, worker, period);
            Assert.Equal(("匿名", "", 12L), (entry.Value<string>("displayName"), entry.Value<string>("id"), entry.Value<long>("points")));
        }
    }

    [Fact]
    public async Task A_preference_set_while_the_projector_moves_the_rows_it_read_is_not_a_500_and_holds()
    {
        TestApp? app = null;
        string? token = null;
        var moved = 0;
        var interleavings = new BoardInterleavings
        {
            // Exactly between the preference's read of the rows and its write, the projector moves them (a new award).
            BeforeAnonymityCommit = async _ =>
            {
                if (Volatile.Read(ref token) is { } t && Interlocked.CompareExchange(ref moved, 1, 0) == 0)
                {
                    await LearnAsync(app!, t, "c-2");
                    await TestApp.EventuallyAsync(async () => (await OnlyEntryAsync(app!, t, "all")).Value<long>("points") == 12, "the rows moved");
                }
            },
        };
        app = await TestApp.StartAsync(azurite, configure: o => o.ConfigureServices += s => s.AddSingleton(interleavings));
        await using var _ = app;
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: NoCaps);
        var worker = await app.WorkerAsync("w-a", unit: "u1", name: "张伟");
        await app.ContentAsync("c-1", 5, 0);
        await app.ContentAsync("c-2", 7, 0);
        await LearnAsync(app, worker, "c-1");
        await TestApp.EventuallyAsync(async () => (await BoardAsync(app, worker, "individual")).Count == 1, "the first award projected");

        Volatile.Write(ref token, worker);
        var status = await PreferAsync(app, worker, true);

        Assert.Equal((200, 1), (status, moved));
        foreach (var period in new[] { "all", "month", "week" })
        {
            var entry = await OnlyEntryAsync(app, worker, period);
            Assert.Equal(("匿名", 12L), (entry.Value<string>("displayName"), entry.Value<long>("points")));
        }
    }

    [Fact]
    public async Task Preferences_toggled_while_awards_are_projected_never_fail_and_the_last_one_holds_on_every_board()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: NoCaps);
        var worker = await app.WorkerAsync("w-a", unit: "u1", name: "张伟");
        const int awards = 12;
        for (var i = 1; i <= awards; i++)
        {
            await app.ContentAsync($"c-{i}", i, 0);
        }

        var earning = Task.Run(async () =>
        {
            for (var i = 1; i <= awards; i++)
            {
                await LearnAsync(app, worker, $"c-{i}");
            }
        });
        var statuses = new List<int>();
        var toggles = 0;
        while (!earning.IsCompleted || toggles < 10)
        {
            statuses.AddRange(await Task.WhenAll(PreferAsync(app, worker, toggles % 2 == 0), PreferAsync(app, worker, toggles % 2 == 0)));
            toggles++;
        }

        await earning;
        statuses.Add(await PreferAsync(app, worker, true)); // the last word, possibly before the last awards are projected
        const long total = awards * (awards + 1) / 2;
        await TestApp.EventuallyAsync(async () => (await OnlyEntryAsync(app, worker, "all")).Value<long>("points") == total, "every award projected", TimeSpan.FromMinutes(2));

        Assert.All(statuses, s => Assert.Equal(200, s));
        foreach (var period in new[] { "all", "month", "week" })
        {
            var entry = await OnlyEntryAsync(app, worker, period);
            Assert.Equal(("匿名", total), (entry.Value<string>("displayName"), entry.Value<long>("points")));
        }
    }
}
