using Azure.Core;
using Azure.Core.Pipeline;

namespace Rewards.Functions.Tests.Failures;

/// <summary>
/// Runs a concurrent step once, just before the first storage request that matches is sent: a race that needs a
/// precise interleaving (another writer changes a row between a read and the conditional write that follows it)
/// then happens for real against storage, without sleeps. Disarmed before the step runs, so the step's own
/// requests pass through.
/// </summary>
internal sealed class BeforeSending : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private Func<HttpMessage, bool>? _match;
    private Func<Task>? _step;
    private int _ran;

    public int Ran => Volatile.Read(ref _ran);

    public void Arm(Func<HttpMessage, bool> match, Func<Task> step)
    {
        lock (_gate)
        {
            (_match, _step) = (match, step);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Func<Task>? step = null;
        lock (_gate)
        {
            if (_step is not null && _match!(message))
            {
                (step, _step, _match) = (_step, null, null);
            }
        }

        if (step is not null)
        {
            await step();
            Interlocked.Increment(ref _ran);
        }

        await ProcessNextAsync(message, pipeline);
    }
}
