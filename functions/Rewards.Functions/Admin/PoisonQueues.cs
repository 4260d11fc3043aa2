using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Admin;

/// <summary>
/// How many messages wait in each poison queue the app has (every "-poison" queue of
/// <see cref="StorageNames.Queues"/>): what the host gave up on. Approximate, as the queue service counts.
/// </summary>
internal sealed class PoisonQueues(QueueServiceClient queues, IOptions<StorageOptions> options)
{
    public static IReadOnlyList<string> Names { get; } = [.. StorageNames.Queues.Where(q => q.EndsWith("-poison", StringComparison.Ordinal))];

    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken ct)
    {
        var counts = await Task.WhenAll(Names.Select(async name =>
        {
            try
            {
                return (name, (await queues.GetQueueClient(options.Value.Queue(name)).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return (name, 0);
            }
        }));
        return counts.ToDictionary(c => c.name, c => c.Item2);
    }
}
