using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rewards.Functions.Hazards;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;
using Rewards.Functions.Workers;
using SkiaSharp;

namespace Rewards.Bench;

internal sealed record UploadResult(int Uploads, int Accepted, double PerSecond, double LagSeconds, int PhotoBytes);

/// <summary>
/// Hazard reports through HTTP: N uploads of a 3 MB phone photo by workers in parallel (uploads per second,
/// counting only 202s), then the time until every report is processed (its thumbnail, hash and duplicate
/// check done and the review list showing it), read through the admin API.
/// </summary>
internal static class HazardUploads
{
    /// <summary>A photo of at least 3 MB, as a phone takes it: fine-grained noise (the worst case for the JPEG encoder, as a busy scene is), 4:3.</summary>
    public static byte[] Photo()
    {
        for (var width = 2000; ; width += 200)
        {
            using var bitmap = new SKBitmap(width, width * 3 / 4, SKColorType.Rgba8888, SKAlphaType.Opaque);
            var pixels = bitmap.GetPixelSpan();
            new Random(25).NextBytes(pixels);
            for (var i = 3; i < pixels.Length; i += 4)
            {
                pixels[i] = 255;
            }

            using var image = SKImage.FromBitmap(bitmap);
            var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray();
            if (jpeg.Length >= 3_000_000)
            {
                return jpeg;
            }
        }
    }

    public static async Task<UploadResult> RunAsync(HttpClient http, string adminKey, byte[] photo, int workers, int each)
    {
        var tokens = new string[workers];
        await Parallel.ForEachAsync(Enumerable.Range(0, workers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            tokens[i] = await BenchHttp.WorkerAsync(http, adminKey, $"hz-{i}", "hazard-bench"));

        var clock = Stopwatch.StartNew();
        var accepted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, workers * each), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photo", "IMG.jpg");
            form.Add(new StringContent("机械设备"), "category");
            form.Add(new StringContent($"{n}号工位"), "place");
            using var request = BenchHttp.Request(HttpMethod.Post, "/api/hazards", tokens[n % workers], idempotencyKey: $"bench-{n}");
            request.Content = form;
            using var response = await http.SendAsync(request, ct);
            if ((int)response.StatusCode == 202)
            {
                Interlocked.Increment(ref accepted);
            }
        });
        var uploaded = clock.Elapsed;

        while (await ListedAsync(http, adminKey) < accepted && clock.Elapsed < TimeSpan.FromMinutes(15))
        {
            await Task.Delay(250);
        }

        return new UploadResult(workers * each, accepted, accepted / uploaded.TotalSeconds, (clock.Elapsed - uploaded).TotalSeconds, photo.Length);
    }

    private static async Task<int> ListedAsync(HttpClient http, string adminKey)
    {
        var (count, cursor) = (0, (string?)null);
        do
        {
            using var response = await BenchHttp.SendAsync(http, HttpMethod.Get, $"/api/admin/hazards?unitId=hazard-bench&limit=100{(cursor is null ? "" : $"&cursor={cursor}")}", adminKey);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            count += page["items"]!.AsArray().Count;
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return count;
    }
}

/// <summary>Storage calls of one report, counted in process: the submission, then the processing of its message (thumbnail, hash, duplicates, index).</summary>
internal static class HazardCalls
{
    public static async Task<(double Submit, double Process)> MeasureAsync(IServiceProvider services, byte[] photo, int reports)
    {
        var counter = services.GetRequiredService<StorageCallCounter>();
        var submission = services.GetRequiredService<HazardSubmission>();
        var processing = services.GetRequiredService<HazardProcessing>();
        await services.GetRequiredService<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = "calls-reporter", DisplayName = "计数", UnitId = "bench" }, CancellationToken.None);
        var worker = new WorkerPrincipal("calls-reporter", 1);
        long submitCalls = 0, processCalls = 0;
        for (var i = 0; i <= reports; i++)
        {
            var before = counter.Calls;
            var created = await submission.SubmitAsync(worker, new HazardForm(photo, "电气", $"计数{i}", ""), $"calls-{i}", CancellationToken.None);
            var middle = counter.Calls;
            await processing.ProcessAsync(new HazardMessage(created.Value!.Id, worker.WorkerId), CancellationToken.None);
            if (i > 0)
            {
                // The first one warms the caches, as a running instance has them.
                submitCalls += middle - before;
                processCalls += counter.Calls - middle;
            }
        }

        return ((double)submitCalls / reports, (double)processCalls / reports);
    }
}
