using Azure;
using Polly;
using Polly.Retry;

namespace Rewards.Functions.Storage;

/// <summary>
/// The one retry this app adds on top of the Azure SDK's own: around a whole read-decide-write, when another
/// writer got there first (412 stale ETag, 409 marker already inserted). Short and jittered, so that
/// concurrent writers to one partition spread out; the SDK still retries transport faults underneath.
/// </summary>
internal static class ConcurrencyRetry
{
    public static ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(IsConflict),
            MaxRetryAttempts = 40,
            Delay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;
}
