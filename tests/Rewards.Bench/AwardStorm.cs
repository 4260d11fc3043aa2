using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Rewards.Bench;

internal sealed record StormResult(int Workers, int Awards, double PerSecond, double P50, double P99, int Failures);

/// <summary>
/// Awards through HTTP: N workers, each completing its own pre-started views one after another (a closed loop),
/// so the timed part is exactly the award: POST …/views/{viewId}/complete.
/// </summary>
internal static class AwardStorm
{
    public static async Task<StormResult> RunAsync(HttpClient http, string adminKey, string runId, int workers, int awardsPerWorker)
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, workers).Select(i => BenchHttp.WorkerAsync(http, adminKey, $"{runId}-w{i}", "bench")));
        var views = await Task.WhenAll(tokens.Select(async token =>
        {
            var list = new List<(string Content, string View)>();
            for (var c = 0; c < awardsPerWorker; c++)
            {
                using var request = BenchHttp.Request(HttpMethod.Post, $"/api/content/bench-{c}/views", token);
                using var response = await http.SendAsync(request);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                list.Add(($"bench-{c}", body["viewId"]!.GetValue<string>()));
            }

            return list;
        }));

        var latencies = new List<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(async (token, w) =>
        {
            foreach (var (content, view) in views[w])
            {
                var one = Stopwatch.StartNew();
                using var request = BenchHttp.Request(HttpMethod.Post, $"/api/content/{content}/views/{view}/complete", token);
                using var response = await http.SendAsync(request);
                var ms = one.Elapsed.TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                    failures += response.IsSuccessStatusCode ? 0 : 1;
                }
            }
        }));
        var elapsed = clock.Elapsed;
        latencies.Sort();
        return new StormResult(workers, latencies.Count, latencies.Count / elapsed.TotalSeconds, Latency.Percentile(latencies, 50), Latency.Percentile(latencies, 99), failures);
    }

    public static async Task CreateContentAsync(HttpClient http, string adminKey, int count)
    {
        for (var c = 0; c < count; c++)
        {
            (await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/admin/content", adminKey, new { id = $"bench-{c}", title = $"压测内容 {c}", kind = "video", points = 1, minSeconds = 0 })).Dispose();
        }
    }
}
