using Azure;
using Polly;
using Polly.Retry;

namespace Rewards.Functions.Storage;

/// <summary>
/// The retries this app adds on top of the Azure SDK's own. <see cref="Pipeline"/> wraps a whole
/// read-decide-write, when another writer got there first (412 stale ETag, 409 marker already inserted):
/// short and jittered, so that concurrent writers to one partition spread out. <see cref="Transient"/> wraps
/// it again for the case where storage could not be reached at all (the SDK's own retries were exhausted):
/// only ever around work that is known not to have been committed, so deciding again is safe.
/// </summary>
internal static class ConcurrencyRetry
{
    /// <summary>How often <see cref="Pipeline"/> decides again after a conflict before the conflict is the caller's.</summary>
    public const int ConflictRetries = 40;

    public static ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(IsConflict),
            MaxRetryAttempts = ConflictRetries,
            Delay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public static ResiliencePipeline Transient { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(StorageFailures.IsUnreachable),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;
}

/// <summary>How storage failures look once the Azure SDK has given up.</summary>
internal static class StorageFailures
{
    /// <summary>
    /// Storage could not be reached or answered with a server error: Azure.Core throws an
    /// <see cref="AggregateException"/> ("Retry failed after N tries") when every try failed in transport, and a
    /// <see cref="RequestFailedException"/> with status 0 or 5xx otherwise. Whether a write went through is unknown.
    /// </summary>
    public static bool IsUnreachable(Exception e) => e switch
    {
        CommitOutcomeUnknownException => false,
        AggregateException a => a.InnerExceptions.All(i => IsUnreachable(i) || i is IOException or HttpRequestException or TaskCanceledException),
        RequestFailedException r => r.Status is 0 or >= 500,
        IOException or HttpRequestException => true,
        _ => false,
    };
}

/// <summary>A write may or may not have been committed, and storage could not be asked which: the caller must retry with the same key.</summary>
internal sealed class CommitOutcomeUnknownException(string message, Exception inner) : Exception(message, inner);
