using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rewards.Domain.Activities;
using Rewards.Functions.Activities;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;
using Rewards.Functions.Workers;

namespace Rewards.Bench;

internal sealed record CheckInRushResult(int Workers, int Capacity, int CheckedIn, int Full, int Other, double Seconds, double P50, double P99, long Counted);

/// <summary>
/// M workers check in at once to an activity with K places, through HTTP: how long the rush takes, its latency, and
/// whether exactly K got in. Then the storage calls of one check-in, counted in process.
/// </summary>
internal static class CheckInRush
{
    public static async Task<CheckInRushResult> RunAsync(HttpClient http, string adminKey, int m, int k)
    {
        var now = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime;
        string Local(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        using var created = await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/admin/activities", adminKey, new
        {
            id = "rush-walk", title = "压测健步走", kind = "walk", place = "公园", unitIds = Array.Empty<string>(),
            startsAt = Local(now), endsAt = Local(now.AddHours(2)), checkInOpensAt = Local(now.AddHours(-1)), checkInClosesAt = Local(now.AddHours(2)), points = 5, capacity = k,
        });
        created.EnsureSuccessStatusCode();
        var tokens = new string[m];
        await Parallel.ForEachAsync(Enumerable.Range(0, m), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => tokens[i] = await BenchHttp.WorkerAsync(http, adminKey, $"walker-{i}", "rush"));

        var latencies = new double[m];
        var (ok, full, other) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, m), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            // The code of the moment, as the phone would read it from the screen (a code lives 30 to 60 seconds).
            using var screen = await BenchHttp.SendAsync(http, HttpMethod.Get, "/api/admin/activities/rush-walk/checkin-code", adminKey);
            var code = JsonNode.Parse(await screen.Content.ReadAsStringAsync(ct))!["code"]!.GetValue<string>();
            var started = Stopwatch.GetTimestamp();
            using var response = await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/activities/rush-walk/checkins", tokens[i], new { code });
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = (int)response.StatusCode;
            if (status == 201)
            {
                Interlocked.Increment(ref ok);
            }
            else if (status == 409)
            {
                Interlocked.Increment(ref full);
            }
            else
            {
                Interlocked.Increment(ref other);
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        using var activity = await BenchHttp.SendAsync(http, HttpMethod.Get, "/api/admin/activities/rush-walk", adminKey);
        var counted = JsonNode.Parse(await activity.Content.ReadAsStringAsync())!["checkedIn"]!.GetValue<long>();
        Array.Sort(latencies);
        return new CheckInRushResult(m, k, ok, full, other, seconds, latencies[m / 2], latencies[Math.Min(m - 1, (int)(m * 0.99))], counted);
    }

    /// <summary>Storage calls of one check-in (warm caches), averaged over <paramref name="count"/> workers.</summary>
    public static async Task<double> CallsAsync(IServiceProvider services, int count)
    {
        var catalog = services.GetRequiredService<ActivityCatalog>();
        var checkIns = services.GetRequiredService<CheckInUseCase>();
        var admin = services.GetRequiredService<WorkerAdmin>();
        var counter = services.GetRequiredService<StorageCallCounter>();
        var key = services.GetRequiredService<CheckInKey>();
        var now = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime;
        await catalog.CreateAsync(new Rewards.Domain.Activities.Activity("calls-walk", "压测", "walk", "", [], now, now.AddHours(2), now.AddHours(-1), now.AddHours(2), 5, count + 1), CancellationToken.None);
        long calls = 0;
        for (var i = 0; i <= count; i++)
        {
            await admin.SaveAsync(new WorkerRequest { Id = $"caller-{i}", DisplayName = "压测职工", UnitId = "bench" }, CancellationToken.None);
            var code = CheckInCodes.Code(key.Key().Value!, "calls-walk", CheckInCodes.StepOf(TimeProvider.System.GetUtcNow()));
            var before = counter.Calls;
            var result = await checkIns.CheckInAsync(new WorkerPrincipal($"caller-{i}", 1), "calls-walk", code, CancellationToken.None);
            if (result.IsRefused)
            {
                throw new InvalidOperationException($"check-in refused: {result.Refusal!.Code}");
            }

            // The first warms the rules cache, as a running instance has it.
            calls += i == 0 ? 0 : counter.Calls - before;
        }

        return (double)calls / count;
    }
}
