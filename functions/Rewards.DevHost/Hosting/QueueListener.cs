using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Polly;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// Runs one queue trigger with the host's semantics: Base64 messages received in batches and processed in
/// parallel; a failure makes the message visible again after visibilityTimeout; after maxDequeueCount
/// attempts it moves to "&lt;queue&gt;-poison". A message that is not Base64 goes to poison at once, as in the host.
/// Storage going away never stops the listener: every call of its own (poll, delete, visibility update)
/// backs off and tries again, and a delete that fails after a successful run is retried, never counted as a
/// failed run (the message is done; sending it to poison would be a lie).
/// A running message's lease is renewed every third of it, as the host renews its own, so a slow run is never
/// delivered twice; the lease can therefore be short without cost, and a message whose receive answer was lost
/// comes back when it ends.
/// </summary>
internal sealed class QueueListener(
    QueueFunction function,
    string queueName,
    string connectionString,
    HostJson host,
    TimeSpan lease,
    IServiceProvider services,
    ListenerActivity activity,
    IReadOnlyList<HttpPipelinePolicy> policies,
    ILogger<QueueListener> log) : BackgroundService
{
    private static readonly TimeSpan MostIdle = TimeSpan.FromSeconds(30);

    private readonly ResiliencePipeline _polling = Backoff.UntilDone(log, "Polling", queueName);
    private readonly ResiliencePipeline _settling = Backoff.UntilDone(log, "Settling a message", queueName, Gone);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        activity.Register(queueName);
        var poison = new QueueClient(connectionString, queueName + "-poison", Options());
        var queue = new QueueClient(connectionString, queueName, Options(poison));
        var idle = TimeSpan.FromMilliseconds(50);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _polling.ExecuteAsync(async ct => await queue.CreateIfNotExistsAsync(cancellationToken: ct), stoppingToken);
                await PollAsync(queue, poison, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Every storage call retries on its own, so nothing should get here; if something does, carry on.
                var pause = Backoff.After(++failures, MostIdle);
                log.LogError(e, "The listener for {Queue} failed; it carries on in {Delay}", queueName, pause);
                await Backoff.PauseAsync(pause, stoppingToken);
            }
        }

        // As the host does (newBatchThreshold): the next batch is fetched once half a batch is still running, so
        // one slow message (a webhook to a partner whose server hangs) never holds up the messages behind it.
        async Task PollAsync(QueueClient queue, QueueClient poison, CancellationToken ct)
        {
            var running = new List<Task>();
            while (!ct.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                if (running.Count > host.BatchSize / 2)
                {
                    await Task.WhenAny(running);
                    continue;
                }

                var poll = activity.PollStarting(queueName);
                var batch = await _polling.ExecuteAsync(async t => (await queue.ReceiveMessagesAsync(host.BatchSize, lease, t)).Value, ct);
                activity.PollEnded(queueName, poll, batch.Length);
                failures = 0;
                if (batch.Length == 0)
                {
                    // Polling pauses are wall-clock time, not the app's (possibly fake) business clock.
                    await Backoff.PauseAsync(idle, ct);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, host.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(50);
                activity.Started(queueName, batch.Length);
                running.AddRange(batch.Select(m => ProcessAsync(queue, poison, m, ct)));
            }
        }
    }

    private QueueClientOptions Options(QueueClient? poison = null)
    {
        var options = new QueueClientOptions { MessageEncoding = host.MessageEncoding == "none" ? QueueMessageEncoding.None : QueueMessageEncoding.Base64 };

        // The app's own clients retry 3 times (RewardsServices), not the storage SDK's 5 (about 25 s); a longer
        // outage is the listener's own back-off, which never gives up.
        options.Retry.MaxRetries = 3;
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerRetry);
        }

        if (poison is not null)
        {
            options.MessageDecodingFailed += async args =>
            {
                if (args.ReceivedMessage is { } raw)
                {
                    log.LogWarning("Message {Id} on {Queue} is not Base64; moved to poison", raw.MessageId, queueName);
                    await poison.CreateIfNotExistsAsync();
                    await poison.SendMessageAsync(raw.Body);
                    await args.Queue.DeleteMessageAsync(raw.MessageId, raw.PopReceipt);
                }
            };
        }

        return options;
    }

    /// <summary>Runs one message and settles it; never throws, and always tells <see cref="ListenerActivity"/> it ended.</summary>
    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        TimeSpan? retry = null;
        var receipt = new Receipt(message.PopReceipt);
        try
        {
            var body = message.Body.ToString();
            var ran = await WhileRenewingAsync(queue, message, receipt, () => RunAsync(body, message, ct), ct);
            if (ran)
            {
                await SettleAsync(t => queue.DeleteMessageAsync(message.MessageId, receipt.Current, t), message, ct);
            }
            else if (message.DequeueCount >= host.MaxDequeueCount)
            {
                await _settling.ExecuteAsync(async t => await poison.CreateIfNotExistsAsync(cancellationToken: t), ct);
                await _settling.ExecuteAsync(async t => await poison.SendMessageAsync(body, t), ct);
                await SettleAsync(t => queue.DeleteMessageAsync(message.MessageId, receipt.Current, t), message, ct);
            }
            else
            {
                await SettleAsync(t => queue.UpdateMessageAsync(message.MessageId, receipt.Current, visibilityTimeout: host.VisibilityTimeout, cancellationToken: t), message, ct);
                retry = host.VisibilityTimeout;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the message becomes visible again when its lease ends, and runs again (handlers are idempotent).
        }
        catch (Exception e)
        {
            log.LogError(e, "Settling message {Id} on {Queue} failed; it becomes visible again when its lease ends", message.MessageId, queueName);
        }
        finally
        {
            activity.Finished(queueName, retry);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> while renewing the message's lease every third of it. A renewal already sent is
    /// let finish before the run's result is settled, so the settle uses the newest pop receipt.
    /// </summary>
    private async Task<bool> WhileRenewingAsync(QueueClient queue, QueueMessage message, Receipt receipt, Func<Task<bool>> run, CancellationToken ct)
    {
        using var done = new CancellationTokenSource();
        var renewing = RenewAsync();
        try
        {
            return await run();
        }
        finally
        {
            await done.CancelAsync();
            await renewing;
        }

        async Task RenewAsync()
        {
            while (true)
            {
                try
                {
                    await Task.Delay(lease / 3, done.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    receipt.Current = (await queue.UpdateMessageAsync(message.MessageId, receipt.Current, visibilityTimeout: lease, cancellationToken: ct)).Value.PopReceipt;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (Gone(e))
                {
                    // The receipt is no longer this lease's (a renewal whose answer was lost): renewing cannot succeed.
                    log.LogWarning("The lease of message {Id} on {Queue} was lost; it may run again, which is harmless", message.MessageId, queueName);
                    return;
                }
                catch (Exception e)
                {
                    // Storage away: the next renewal tries again; if the lease ends first the message runs again, which is harmless.
                    log.LogWarning(e, "Renewing the lease of message {Id} on {Queue} failed", message.MessageId, queueName);
                }
            }
        }
    }

    /// <summary>The pop receipt of the message's latest lease.</summary>
    private sealed class Receipt(string popReceipt)
    {
        public string Current { get; set; } = popReceipt;
    }

    /// <summary>Invokes the function; false when it failed (for any reason other than the host stopping).</summary>
    private async Task<bool> RunAsync(string body, QueueMessage message, CancellationToken ct)
    {
        try
        {
            await Invoker.InvokeAsync(services, function.Method, p => Invoker.BindMessage(p, body, ct));
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (message.DequeueCount >= host.MaxDequeueCount)
            {
                log.LogError(e, "{Function} failed {Count} times on message {Id}; moving it to {Queue}-poison", function.Name, message.DequeueCount, message.MessageId, queueName);
            }
            else
            {
                log.LogWarning(e, "{Function} failed on message {Id} (attempt {Count}); retry after {Delay}", function.Name, message.MessageId, message.DequeueCount, host.VisibilityTimeout);
            }

            return false;
        }
    }

    /// <summary>Deletes or hides a message, trying until storage answers; a message already gone needs nothing more.</summary>
    private async Task SettleAsync(Func<CancellationToken, Task> call, QueueMessage message, CancellationToken ct)
    {
        try
        {
            await _settling.ExecuteAsync(async t => await call(t), ct);
        }
        catch (Exception e) when (Gone(e))
        {
            // An earlier try did it and only the answer was lost, or the lease ended and the message was received again.
            log.LogInformation("Message {Id} on {Queue} was already settled or received again", message.MessageId, queueName);
        }
    }

    private static bool Gone(Exception e) =>
        e is RequestFailedException { Status: 404 } or RequestFailedException { ErrorCode: "PopReceiptMismatch" };
}
