using FsCheck;
using FsCheck.Fluent;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Leaderboards;

/// <summary>After any workload, the boards say what the ledger says: per worker, per unit, and who was active.</summary>
[Collection(StorageCollection.Name)]
public sealed class LeaderboardPropertyTests(AzuriteFixture azurite)
{
    private static readonly string[] Units = ["u1", "u1", "u1", "u2", "u2", "u3"];

    [Fact]
    public void Leaderboards_agree_with_the_ledger_after_a_random_workload()
    {
        var workload = from points in Gen.ArrayOf(Gen.Choose(1, 9), 6)
                       from steps in Gen.ListOf(Gen.Zip(Gen.Choose(0, Units.Length - 1), Gen.Choose(0, 5)))
                       select (points, steps.Take(24).ToList());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3), Prop.ForAll(Arb.From(workload), w => RunAsync(w.points, w.Item2).GetAwaiter().GetResult()));
    }

    private async Task<bool> RunAsync(int[] points, List<(int Worker, int Content)> steps)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: new { timeZone = "Asia/Shanghai", dailyCap = 0, actions = new { learning = new { dailyCap = 0 } } });
        var tokens = new List<string>();
        for (var w = 0; w < Units.Length; w++)
        {
            tokens.Add(await app.WorkerAsync($"w-{w}", unit: Units[w], name: $"职工{w}"));
        }

        for (var c = 0; c < points.Length; c++)
        {
            await app.ContentAsync($"c-{c}", points[c], 0);
        }

        foreach (var (worker, content) in steps.Distinct())
        {
            await LeaderboardTests.LearnAsync(app, tokens[worker], $"c-{content}");
        }

        var ledger = new Dictionary<string, long>();
        for (var w = 0; w < Units.Length; w++)
        {
            var (_, page) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger?limit=100", tokens[w]);
            ledger[$"w-{w}"] = page["items"]!.Sum(i => i.Value<long>("amount"));
        }

        var expectedPeople = ledger.Where(l => l.Value > 0).ToDictionary(l => l.Key, l => l.Value);
        var expectedUnits = ledger.Where(l => l.Value > 0).GroupBy(l => Units[int.Parse(l.Key[2..], System.Globalization.CultureInfo.InvariantCulture)]).ToDictionary(g => g.Key, g => g.Sum(l => l.Value));
        var expectedActive = ledger.Where(l => l.Value > 0).GroupBy(l => Units[int.Parse(l.Key[2..], System.Globalization.CultureInfo.InvariantCulture)]).ToDictionary(g => g.Key, g => g.Count());
        await TestApp.EventuallyAsync(
            async () => (await LeaderboardTests.BoardAsync(app, tokens[0], "individual")).Sum(i => i.Value<long>("points")) == expectedPeople.Values.Sum(),
            "the projector caught up with the ledger");

        var people = (await LeaderboardTests.BoardAsync(app, tokens[0], "individual")).ToDictionary(i => i.Value<string>("id")!, i => i.Value<long>("points"));
        var units = (await LeaderboardTests.BoardAsync(app, tokens[0], "units")).ToDictionary(i => i.Value<string>("id")!, i => i.Value<long>("points"));
        var rates = (await LeaderboardTests.BoardAsync(app, tokens[0], "units", "period=all&by=participation")).ToDictionary(i => i.Value<string>("id")!, i => i.Value<int>("active"));
        var ordered = (await LeaderboardTests.BoardAsync(app, tokens[0], "individual")).Select(i => i.Value<long>("points")).ToList();

        Assert.Equal(expectedPeople.OrderBy(p => p.Key), people.OrderBy(p => p.Key));
        Assert.Equal(expectedUnits.OrderBy(p => p.Key), units.OrderBy(p => p.Key));
        Assert.Equal(expectedActive.OrderBy(p => p.Key), rates.OrderBy(p => p.Key));
        Assert.Equal(ordered.OrderDescending(), ordered);
        return true;
    }
}
