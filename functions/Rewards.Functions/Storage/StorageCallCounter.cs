using Azure.Core;
using Azure.Core.Pipeline;

namespace Rewards.Functions.Storage;

/// <summary>Counts every HTTP call the Azure clients make, retries included, so "storage calls per operation" is measured, not guessed.</summary>
public sealed class StorageCallCounter : HttpPipelineSynchronousPolicy
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _calls);
}
