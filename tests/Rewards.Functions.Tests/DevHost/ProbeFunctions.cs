using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>What the probe functions saw, so a test can tell what the DevHost ran.</summary>
public sealed class ProbeRecorder
{
    private int _failures;
    private int _ticks;
    private int _entered;
    private int _flakyRuns;
    private int _flakyTicks;

    public ConcurrentQueue<string> Messages { get; } = new();

    public int Failures => _failures;

    public int Ticks => _ticks;

    public void Failed() => Interlocked.Increment(ref _failures);

    public void Ticked() => Interlocked.Increment(ref _ticks);

    /// <summary>Held shut by a test to keep ProbeGated's messages running; opened with SetResult.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Messages ProbeGated has begun.</summary>
    public int Entered => _entered;

    /// <summary>Messages ProbeGated has finished: the effect a test counts.</summary>
    public ConcurrentQueue<string> Applied { get; } = new();

    public int FlakyTicks => _flakyTicks;

    public void Enter() => Interlocked.Increment(ref _entered);

    /// <summary>ProbeFlakyTimer's runs: the first two fail as a storage timeout and exhausted retries do.</summary>
    public void FlakyRun()
    {
        switch (Interlocked.Increment(ref _flakyRuns))
        {
            case 1:
                throw new TaskCanceledException("A storage call timed out (what Azure.Core throws on a network timeout).");
            case 2:
                throw new AggregateException("Retry failed after 4 tries.", new IOException("connection refused"));
            default:
                Interlocked.Increment(ref _flakyTicks);
                break;
        }
    }
}

/// <summary>Functions written exactly as Rewards.Functions writes them, for proving the DevHost behaves like the host.</summary>
internal sealed class ProbeFunctions(ProbeRecorder recorder, IOptions<StorageOptions> storage, QueueServiceClient queues)
{
    [Function("ProbeEcho")]
    public IActionResult Echo([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "probe/{name}")] HttpRequest req, string name) =>
        new ContentResult { Content = $"hello {name} via {req.Method}", StatusCode = 200 };

    [Function("ProbeQueue")]
    public void Receive([QueueTrigger("probe-in")] string message) => recorder.Messages.Enqueue(message);

    [Function("ProbeAlwaysFails")]
    public void Fail([QueueTrigger("probe-fail")] string message)
    {
        recorder.Failed();
        throw new InvalidOperationException($"cannot handle {message}");
    }

    /// <summary>Slow on purpose: waits for the test's gate, then a little longer, then records its effect.</summary>
    [Function("ProbeGated")]
    public async Task Gated([QueueTrigger("probe-gated")] string message, CancellationToken ct)
    {
        recorder.Enter();
        await recorder.Gate.Task.WaitAsync(ct);
        await Task.Delay(300, ct);
        recorder.Applied.Enqueue(message);
    }

    /// <summary>Passes each message on to probe-in after a while, as a saga step enqueues the next one.</summary>
    [Function("ProbeRelay")]
    public async Task Relay([QueueTrigger("probe-relay")] string message, CancellationToken ct)
    {
        await Task.Delay(300, ct);
        await queues.GetQueueClient(storage.Value.Queue("probe-in")).SendMessageAsync("relayed " + message, ct);
    }

    [Function("ProbeFlakyTimer")]
    public void Flaky([TimerTrigger("*/1 * * * * *")] TimerInfo timer) => recorder.FlakyRun();

    [Function("ProbeTimer")]
    public void Tick([TimerTrigger("*/1 * * * * *")] TimerInfo timer) => recorder.Ticked();
}
