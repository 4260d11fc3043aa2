using Polly;
using Polly.Retry;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// Bounded, jittered exponential back-off for the DevHost's own storage calls (polls, deletes, visibility
/// updates) and for failing timers, so that a storage outage slows the host down instead of stopping it.
/// Waits are wall-clock time (Polly's default TimeProvider), never the app's possibly fake business clock.
/// </summary>
internal static class Backoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A pipeline that retries until the call succeeds or the caller's token is cancelled. A failure for which
    /// <paramref name="final"/> is true is not retried: it is thrown to the caller.
    /// </summary>
    public static ResiliencePipeline UntilDone(ILogger log, string what, string queue, Func<Exception, bool>? final = null) =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && !args.Context.CancellationToken.IsCancellationRequested && final?.Invoke(e) != true),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = First,
            MaxDelay = Longest,
            OnRetry = args =>
            {
                log.LogWarning(args.Outcome.Exception, "{What} on {Queue} failed (attempt {Attempt}); trying again in {Delay}", what, queue, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        }).Build();

    /// <summary>How long to pause after <paramref name="failures"/> failures in a row: doubling from 200 ms up to <paramref name="cap"/>, with half of it random.</summary>
    public static TimeSpan After(int failures, TimeSpan cap)
    {
        var full = Math.Min(cap.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromMilliseconds(full / 2 + Random.Shared.NextDouble() * full / 2);
    }

    /// <summary>Waits on the wall clock; a stop ends the wait early without throwing.</summary>
    public static async Task PauseAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
