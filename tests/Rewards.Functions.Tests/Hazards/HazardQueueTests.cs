using Azure.Storage.Queues;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Hazards;

/// <summary>The hazard-photos trigger: near duplicates flagged, redelivery harmless, a photo that cannot be processed shows failed.</summary>
[Collection(StorageCollection.Name)]
public sealed class HazardQueueTests(AzuriteFixture azurite)
{
    private static async Task<(string Id, JObject Item)> ReportAsync(TestApp app, string worker, byte[] photo, string place)
    {
        var (status, created) = await Hazards.SubmitAsync(app, worker, photo, place: place);
        Assert.Equal(202, status);
        var id = created.Value<string>("id")!;
        return (id, await Hazards.ProcessedAsync(app, id));
    }

    [Fact]
    public async Task The_same_photo_reencoded_at_another_size_and_quality_is_flagged_a_different_photo_is_not()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        var colleague = await app.WorkerAsync("w-2");
        var original = TestPhotos.Jpeg(1200, 900, scene: 0, quality: 92);

        var (first, _) = await ReportAsync(app, worker, original, "一车间配电房");
        var (_, copy) = await ReportAsync(app, colleague, TestPhotos.Reencoded(original, 800, 600, quality: 55), "东门仓库");
        var (_, different) = await ReportAsync(app, colleague, TestPhotos.Jpeg(1200, 900, scene: 1), "北区料场");
        var (_, samePlace) = await ReportAsync(app, worker, TestPhotos.Jpeg(1200, 900, scene: 2), " 一车间 配电房");

        var flagged = copy["duplicates"]!.Single();
        Assert.Equal((first, "photo"), (flagged.Value<string>("id"), flagged.Value<string>("reason")));
        Assert.True(flagged.Value<int>("distance") <= 10);
        Assert.Empty(different["duplicates"]!);
        Assert.Equal([$"{first}:place"], samePlace["duplicates"]!.Select(d => $"{d.Value<string>("id")}:{d.Value<string>("reason")}"));
        Assert.Equal("submitted", copy.Value<string>("status"));
    }

    [Fact]
    public async Task A_duplicated_message_makes_no_second_thumbnail_or_index_row()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-hazard-photos", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var (_, created) = await Hazards.SubmitAsync(app, worker, TestPhotos.Jpeg(640, 480));
        var id = created.Value<string>("id")!;
        var message = $"{{\"reportId\":\"{id}\",\"workerId\":\"w-1\"}}";

        await queue.SendMessageAsync(message);
        await queue.SendMessageAsync(message);
        var item = await Hazards.ProcessedAsync(app, id);
        await TestApp.EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "every copy of the message was handled and deleted");
        var (_, report) = await app.SendAsync(HttpMethod.Get, $"/api/hazards/{id}", worker);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/hazards?unitId=unit-a");

        var blobs = await Hazards.BlobsAsync(app);
        Assert.Equal(2, blobs.Count);
        Assert.Single(blobs, b => b.EndsWith("-t", StringComparison.Ordinal));
        Assert.Single(list["items"]!);
        Assert.Empty(item["duplicates"]!);
        Assert.Equal(["submitted"], report["history"]!.Select(s => s.Value<string>("status")));
    }

    [Fact]
    public async Task A_photo_that_cannot_be_processed_ends_in_poison_and_the_report_shows_failed()
    {
        // The app's host.json with three attempts, retried at once, so the message reaches poison quickly.
        var hostJson = Path.Combine(Path.GetTempPath(), $"hazard-host-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(hostJson, """{"version":"2.0","extensions":{"http":{"routePrefix":""},"queues":{"batchSize":4,"maxDequeueCount":3,"visibilityTimeout":"00:00:00"}}}""");
        await using var app = await TestApp.StartAsync(azurite, configure: o =>
        {
            o.HostJsonPath = hostJson;
            o.Settings["AzureWebJobs:ProcessHazardPhoto:Disabled"] = "true";
        });
        var worker = await app.WorkerAsync("w-1");
        var (_, created) = await Hazards.SubmitAsync(app, worker, TestPhotos.Jpeg(640, 480));
        var id = created.Value<string>("id")!;
        var stored = Assert.Single(await Hazards.BlobsAsync(app));
        await Hazards.Container(app).GetBlobClient(stored).UploadAsync(new BinaryData(TestPhotos.Jpeg(640, 480)[..300]), overwrite: true);

        // A second instance of the app on the same storage processes the queue, as another host instance would.
        await using var processor = await TestApp.StartAsync(azurite, configure: o =>
        {
            o.HostJsonPath = hostJson;
            o.Settings["Rewards:Storage:Prefix"] = app.Prefix;
        });

        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/hazards/{id}", worker)).Body.Value<string>("status") == "failed", "the report shows failed");
        var item = await Hazards.ProcessedAsync(app, id);
        Assert.Equal("failed", item.Value<string>("status"));
        Assert.DoesNotContain(await Hazards.BlobsAsync(app), b => b.EndsWith("-t", StringComparison.Ordinal));
        File.Delete(hostJson);
    }
}
