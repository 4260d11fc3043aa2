using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Rewards.Functions.Storage;

/// <summary>
/// Counts every HTTP call the Azure clients make, retries included, so "storage calls per operation" is measured, not
/// guessed. Calls made inside an <see cref="Area"/> are also counted under its name (the projector's, for example), so
/// one part's calls can be told apart while everything else runs.
/// </summary>
public sealed class StorageCallCounter : HttpPipelineSynchronousPolicy
{
    private static readonly AsyncLocal<string?> Current = new();
    private readonly ConcurrentDictionary<string, long> _byArea = new(StringComparer.Ordinal);
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>The calls made so far inside <see cref="Area"/>s of this name.</summary>
    public long CallsIn(string area) => _byArea.GetValueOrDefault(area);

    /// <summary>Counts the calls of this async flow under <paramref name="area"/> too, until the scope is disposed.</summary>
    public static AreaScope Area(string area)
    {
        var outer = Current.Value;
        Current.Value = area;
        return new AreaScope(outer);
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _calls);
        if (Current.Value is { } area)
        {
            _byArea.AddOrUpdate(area, 1, static (_, calls) => calls + 1);
        }
    }

    public readonly struct AreaScope(string? outer) : IDisposable
    {
        public void Dispose() => Current.Value = outer;
    }
}
