using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Rewards.Bench;

internal sealed record LagResult(int Awards, int Failures, double StormSeconds, double AwardsPerSecond, double LagSeconds, long BoardPoints, long ProjectorCalls)
{
    /// <summary>The projector's storage calls from the storm's start until the board caught up, per award projected.</summary>
    public double CallsPerEvent => Awards == 0 ? 0 : (double)ProjectorCalls / Awards;
}

/// <summary>
/// An award storm of many workers (each award: start a view, complete it), then the time from the storm's
/// last award until the all-time units board shows every point: the projector's lag. <c>projectorCalls</c> reads the
/// projector's storage calls so far (an in-process host's counter), to count them over the storm and the lag.
/// </summary>
internal static class ProjectorLag
{
    public static async Task<LagResult> RunAsync(HttpClient http, string adminKey, int workers, int awardsPerWorker, Func<long> projectorCalls)
    {
        var tokens = new List<string>();
        for (var i = 0; i < workers; i++)
        {
            tokens.Add(await BenchHttp.WorkerAsync(http, adminKey, $"lag-{i}", $"lagunit-{i % 10}"));
        }

        var callsBefore = projectorCalls();
        var clock = Stopwatch.StartNew();
        var awarded = 0L;
        var failed = 0;
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (token, ct) =>
        {
            for (var c = 0; c < awardsPerWorker; c++)
            {
                using var start = BenchHttp.Request(HttpMethod.Post, $"/api/content/bench-{c}/views", token);
                using var view = await http.SendAsync(start, ct);
                var viewId = JsonNode.Parse(await view.Content.ReadAsStringAsync(ct))!["viewId"]!.GetValue<string>();
                using var complete = BenchHttp.Request(HttpMethod.Post, $"/api/content/bench-{c}/views/{viewId}/complete", token);
                using var done = await http.SendAsync(complete, ct);
                if (done.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref awarded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        var storm = clock.Elapsed;

        long onBoard = 0;
        while (clock.Elapsed - storm < TimeSpan.FromMinutes(5))
        {
            // The storm's workers sit in ten units of their own, so the units board shows exactly their points.
            using var read = BenchHttp.Request(HttpMethod.Get, $"/api/leaderboards/units?period=all&limit=100", tokens[0]);
            using var response = await http.SendAsync(read);
            var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
            onBoard = items.Where(i => i!["id"]!.GetValue<string>().StartsWith("lagunit-", StringComparison.Ordinal)).Sum(i => i!["points"]!.GetValue<long>());
            if (onBoard >= awarded)
            {
                break;
            }

            await Task.Delay(100);
        }

        var lag = clock.Elapsed - storm;
        return new LagResult((int)awarded, failed, storm.TotalSeconds, awarded / storm.TotalSeconds, lag.TotalSeconds, onBoard, projectorCalls() - callsBefore);
    }
}
