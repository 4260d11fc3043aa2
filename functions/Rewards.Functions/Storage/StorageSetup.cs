using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Rewards.Functions.Storage;

/// <summary>
/// Creates the tables, queues and the photo container once at start. In Azure the infrastructure has already created them and
/// each call is a cheap "exists"; locally and in tests this is what makes a fresh Azurite usable.
/// </summary>
internal sealed class StorageSetup(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = options.Value;
        await Task.WhenAll(
            StorageNames.Tables.Select(t => tables.CreateTableIfNotExistsAsync(names.Table(t), cancellationToken))
                .Concat<Task>(StorageNames.Queues.Select(q => queues.GetQueueClient(names.Queue(q)).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
                .Append(blobs.GetBlobContainerClient(names.Container(StorageNames.HazardPhotos)).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
