using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>What the probe functions saw, so a test can tell what the DevHost ran.</summary>
public sealed class ProbeRecorder
{
    private int _failures;
    private int _ticks;

    public ConcurrentQueue<string> Messages { get; } = new();

    public int Failures => _failures;

    public int Ticks => _ticks;

    public void Failed() => Interlocked.Increment(ref _failures);

    public void Ticked() => Interlocked.Increment(ref _ticks);
}

/// <summary>Functions written exactly as Rewards.Functions writes them, for proving the DevHost behaves like the host.</summary>
internal sealed class ProbeFunctions(ProbeRecorder recorder)
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

    [Function("ProbeTimer")]
    public void Tick([TimerTrigger("*/1 * * * * *")] TimerInfo timer) => recorder.Ticked();
}
