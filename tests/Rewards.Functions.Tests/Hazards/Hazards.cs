using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Hazards;

/// <summary>The hazard calls the tests make through HTTP, and a look straight into the photo container.</summary>
public static class Hazards
{
    public static async Task<(int Status, JObject Body)> SubmitAsync(
        TestApp app, string? bearer, byte[] photo, string place = "一车间", string category = "电气", string? key = null,
        string fileName = "photo.jpg", string contentType = "image/jpeg", string description = "配电箱门未关，线缆裸露")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "photo", fileName);
        form.Add(new StringContent(category), "category");
        form.Add(new StringContent(place), "place");
        form.Add(new StringContent(description), "description");
        using var request = app.Request(HttpMethod.Post, "/api/hazards", bearer);
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        request.Content = form;
        return await app.SendAsync(request);
    }

    public static async Task<(int Status, JObject Body)> RectifyAsync(TestApp app, string id, byte[] photo, string note = "已更换箱门并加锁")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(photo), "photo", "after.jpg");
        form.Add(new StringContent(note), "note");
        using var request = app.Request(HttpMethod.Post, $"/api/admin/hazards/{id}/rectification");
        request.Content = form;
        return await app.SendAsync(request);
    }

    public static Task<(int Status, JObject Body)> ReviewAsync(TestApp app, string id, object decision) =>
        app.SendAsync(HttpMethod.Post, $"/api/admin/hazards/{id}/review", json: decision);

    /// <summary>Waits until the report's photo is processed and the review list shows it; returns its list item.</summary>
    public static async Task<JObject> ProcessedAsync(TestApp app, string id, string unitId = "unit-a")
    {
        JObject? item = null;
        await TestApp.EventuallyAsync(
            async () =>
            {
                var (_, page) = await app.SendAsync(HttpMethod.Get, $"/api/admin/hazards?unitId={unitId}&limit=100");
                item = page["items"]!.Children<JObject>().FirstOrDefault(i => i.Value<string>("id") == id);
                return item is not null;
            },
            $"report {id} was processed and listed");
        return item!;
    }

    public static BlobContainerClient Container(TestApp app) =>
        app.Service<BlobServiceClient>().GetBlobContainerClient(app.Service<IOptions<StorageOptions>>().Value.Container(StorageNames.HazardPhotos));

    public static async Task<List<string>> BlobsAsync(TestApp app)
    {
        var names = new List<string>();
        await foreach (var blob in Container(app).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static async Task<byte[]> PhotoAsync(TestApp app, string id, string size, string bearer)
    {
        using var request = app.Request(HttpMethod.Get, $"/api/hazards/{id}/photo?size={size}", bearer);
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Private: true, Public: false }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
