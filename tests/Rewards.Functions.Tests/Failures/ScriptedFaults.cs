using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Rewards.Functions.Tests.Failures;

/// <summary>
/// Storage faults on cue: once armed, the next <c>times</c> storage requests that match fail. The first may fail
/// after storage has done the work (only the answer is lost), the rest before they are sent, which is how a
/// network outage exhausts the Azure SDK's own retries. Added per retry, so each SDK retry meets it again.
/// </summary>
internal sealed class ScriptedFaults : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private Func<HttpMessage, bool>? _match;
    private Func<Exception>? _fault;
    private int _remaining;
    private bool _firstAfterSending;
    private int _injected;

    public int Injected => Volatile.Read(ref _injected);

    public void Arm(Func<HttpMessage, bool> match, int times, bool firstAfterSending = false, Func<Exception>? fault = null)
    {
        lock (_gate)
        {
            (_match, _remaining, _firstAfterSending, _fault) = (match, times, firstAfterSending, fault ?? (() => new IOException("injected network fault")));
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _remaining = 0;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var (hit, after, fault) = (false, false, (Func<Exception>?)null);
        lock (_gate)
        {
            if (_remaining > 0 && _match!(message))
            {
                (hit, after, fault) = (true, _firstAfterSending, _fault);
                _firstAfterSending = false;
                _remaining--;
            }
        }

        if (hit && !after)
        {
            Interlocked.Increment(ref _injected);
            throw fault!();
        }

        await ProcessNextAsync(message, pipeline);
        if (hit)
        {
            Interlocked.Increment(ref _injected);
            throw fault!();
        }
    }

    public static bool IsTransaction(HttpMessage m) => m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    /// <summary>A transaction in one partition: its operations name the partition key in their addresses or bodies.</summary>
    public static bool IsTransactionIn(HttpMessage m, string partition)
    {
        if (!IsTransaction(m) || m.Request.Content is not { } content)
        {
            return false;
        }

        using var body = new MemoryStream();
        content.WriteTo(body, CancellationToken.None);
        var text = Encoding.UTF8.GetString(body.ToArray());
        return text.Contains($"PartitionKey='{partition}'", StringComparison.Ordinal) || text.Contains($"\"PartitionKey\":\"{partition}\"", StringComparison.Ordinal);
    }

    public static bool IsQueueSend(HttpMessage m, string queue) => m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.Contains($"/{queue}/messages", StringComparison.Ordinal);

    public static bool IsEntityWrite(HttpMessage m, string table) =>
        m.Request.Method != RequestMethod.Get && m.Request.Uri.Path.Contains($"/{table}(", StringComparison.Ordinal);

    public static Exception Conflict() => new RequestFailedException(412, "injected: the entity was changed by someone else", "UpdateConditionNotSatisfied", null);
}
