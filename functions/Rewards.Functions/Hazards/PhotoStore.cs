using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Hazards;

/// <summary>
/// The hazard-photos container. Names are random and reveal nothing (no worker, unit or date); photos are
/// never public and reach a browser only through the photo function. A blob, once written, never changes.
/// </summary>
internal sealed class PhotoStore(BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.Container(StorageNames.HazardPhotos));

    public static string NewName() => Guid.NewGuid().ToString("N");

    /// <summary>The thumbnail's name follows from the photo's, so that making it twice writes it once.</summary>
    public static string ThumbOf(string name) => name + "-t";

    /// <summary>Writes a JPEG unless the name is taken; false when it already existed (nothing is overwritten).</summary>
    public async Task<bool> PutAsync(string name, byte[] jpeg, CancellationToken ct)
    {
        try
        {
            await _container.GetBlobClient(name).UploadAsync(
                new BinaryData(jpeg),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" }, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<byte[]?> ReadAsync(string name, CancellationToken ct)
    {
        try
        {
            return (await _container.GetBlobClient(name).DownloadContentAsync(ct)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The blob as a stream to pass through to the caller; null when it does not exist.</summary>
    public async Task<Stream?> OpenAsync(string name, CancellationToken ct)
    {
        try
        {
            return (await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) => _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: ct);
}
