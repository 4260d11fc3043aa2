using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// Runs one queue trigger with the host's semantics: Base64 messages received in batches and processed in
/// parallel, the next batch fetched as soon as the messages still running drop to newBatchThreshold (half a batch),
/// so one slow message never holds up the ones behind it; a failure makes the message visible again after visibilityTimeout; after maxDequeueCount
/// attempts it moves to "&lt;queue&gt;-poison". A message that is not Base64 goes to poison at once, as in the host.
/// </summary>
internal sealed class QueueListener(QueueFunction function, string queueName, string connectionString, HostJson host, IServiceProvider services, ILogger<QueueListener> log) : BackgroundService
{
    // The host keeps a running message invisible and renews the lease; a long first lease does the same locally.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poison = new QueueClient(connectionString, queueName + "-poison", Options());
        var queue = new QueueClient(connectionString, queueName, Options(poison));
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var idle = TimeSpan.FromMilliseconds(50);
        var running = new List<Task>();
        var newBatchThreshold = host.BatchSize / 2;
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > newBatchThreshold)
            {
                await Task.WhenAny(running);
                continue;
            }

            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(host.BatchSize, Lease, stoppingToken)).Value;
            }
            catch (RequestFailedException e)
            {
                log.LogWarning(e, "Polling {Queue} failed", queueName);
                batch = [];
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (batch.Length == 0)
            {
                await Delay(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, host.MaxPollingInterval.Ticks));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(50);
            running.AddRange(batch.Select(m => ProcessAsync(queue, poison, m, stoppingToken)));
        }

        await Task.WhenAll(running);
    }

    private QueueClientOptions Options(QueueClient? poison = null)
    {
        var options = new QueueClientOptions { MessageEncoding = host.MessageEncoding == "none" ? QueueMessageEncoding.None : QueueMessageEncoding.Base64 };
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

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        var body = message.Body.ToString();
        try
        {
            await Invoker.InvokeAsync(services, function.Method, p => Invoker.BindMessage(p, body, ct));
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (message.DequeueCount >= host.MaxDequeueCount)
            {
                log.LogError(e, "{Function} failed {Count} times on message {Id}; moved to {Poison}", function.Name, message.DequeueCount, message.MessageId, poison.Name);
                await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
                await poison.SendMessageAsync(body, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            }
            else
            {
                log.LogWarning(e, "{Function} failed on message {Id} (attempt {Count}); retry after {Delay}", function.Name, message.MessageId, message.DequeueCount, host.VisibilityTimeout);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: host.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
    }

    // Polling pauses are wall-clock time, not the app's (possibly fake) business clock.
    private static async Task Delay(TimeSpan delay, CancellationToken ct)
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
