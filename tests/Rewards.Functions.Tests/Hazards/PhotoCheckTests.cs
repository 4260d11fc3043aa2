using System.Diagnostics;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Hazards;

/// <summary>Photos are untrusted: checked by content, bounded in size and pixels, and stored re-encoded without metadata.</summary>
[Collection(StorageCollection.Name)]
public sealed class PhotoCheckTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_jpeg_with_gps_exif_is_stored_upright_and_neither_copy_keeps_any_exif()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        var photo = TestPhotos.WithExif(TestPhotos.Jpeg(400, 200), orientation: 6);
        Assert.True(TestPhotos.HasExif(photo));

        var (status, created) = await Hazards.SubmitAsync(app, worker, photo);
        var id = created.Value<string>("id")!;
        await Hazards.ProcessedAsync(app, id);
        var full = await Hazards.PhotoAsync(app, id, "full", worker);
        var thumb = await Hazards.PhotoAsync(app, id, "thumb", TestApp.AdminKey);

        Assert.Equal((202, "submitted"), (status, created.Value<string>("status")));
        Assert.Equal(2, (await Hazards.BlobsAsync(app)).Count);
        foreach (var name in await Hazards.BlobsAsync(app))
        {
            var stored = (await Hazards.Container(app).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
            Assert.False(TestPhotos.HasExif(stored), $"blob {name} kept EXIF");
        }

        Assert.False(TestPhotos.HasExif(full) || TestPhotos.HasExif(thumb));
        Assert.Equal((200, 400), TestPhotos.Size(full));
        Assert.Equal((160, 320), TestPhotos.Size(thumb));
    }

    [Fact]
    public async Task A_large_photo_is_stored_at_most_1600_pixels_on_its_long_side()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        var (_, created) = await Hazards.SubmitAsync(app, worker, TestPhotos.Jpeg(3200, 2400));

        Assert.Equal((1600, 1200), TestPhotos.Size(await Hazards.PhotoAsync(app, created.Value<string>("id")!, "full", worker)));
    }

    [Fact]
    public async Task A_pdf_renamed_jpg_is_415_whatever_its_name_and_declared_type()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        var (status, problem) = await Hazards.SubmitAsync(app, worker, TestPhotos.Pdf(), fileName: "隐患.jpg", contentType: "image/jpeg");

        Assert.Equal((415, "unsupported-media-type"), (status, problem.Value<string>("code")));
        Assert.Empty(await Hazards.BlobsAsync(app));
    }

    [Fact]
    public async Task An_11_MiB_body_is_413_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        var before = await Partition.SnapshotAsync(app, "w-1");
        var huge = new byte[11 * 1024 * 1024];
        Random.Shared.NextBytes(huge);
        huge[0] = 0xFF;
        huge[1] = 0xD8;
        huge[2] = 0xFF;

        var (status, problem) = await Hazards.SubmitAsync(app, worker, huge);

        Assert.Equal((413, "payload-too-large"), (status, problem.Value<string>("code")));
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
        Assert.Empty(await Hazards.BlobsAsync(app));
    }

    [Fact]
    public async Task A_body_is_not_read_before_the_credential_is_checked()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await Hazards.SubmitAsync(app, bearer: null, new byte[11 * 1024 * 1024]);

        Assert.Equal((401, "missing-credentials"), (status, problem.Value<string>("code")));
    }

    [Fact]
    public async Task A_png_header_claiming_60000_by_60000_is_invalid_image_before_any_large_allocation()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;

        var (status, problem) = await Hazards.SubmitAsync(app, worker, TestPhotos.PngBomb(), fileName: "bomb.png", contentType: "image/png");

        process.Refresh();
        Assert.Equal((422, "invalid-image"), (status, problem.Value<string>("code")));
        Assert.Contains("60000 × 60000", problem.Value<string>("detail"), StringComparison.Ordinal);
        Assert.True(process.PeakWorkingSet64 - before < 512L * 1024 * 1024, "decoding 3.6 gigapixels would have taken gigabytes");
        Assert.Empty(await Hazards.BlobsAsync(app));
    }

    [Fact]
    public async Task A_truncated_jpeg_is_invalid_image_and_leaves_no_blob()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        var whole = TestPhotos.Jpeg(800, 600);

        var (status, problem) = await Hazards.SubmitAsync(app, worker, whole[..(whole.Length / 2)]);

        Assert.Equal((422, "invalid-image"), (status, problem.Value<string>("code")));
        Assert.Empty(await Hazards.BlobsAsync(app));
        Assert.Empty((await app.SendAsync(HttpMethod.Get, "/api/me/hazards", worker)).Body["items"]!);
    }

    [Fact]
    public async Task A_missing_field_or_an_unknown_category_is_400_with_the_failing_fields()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        var (status, problem) = await Hazards.SubmitAsync(app, worker, TestPhotos.Jpeg(400, 300), place: " ", category: "天气");

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]!["place"]);
    }
}
