using System.Collections.Concurrent;

namespace Rewards.Functions.Catalog;

internal sealed partial class CatalogTables
{
    /// <summary>How long a redemption request may use a prize as this instance last read it (the rules are kept 30 s).</summary>
    public static readonly TimeSpan RecentFor = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (Reward Reward, DateTimeOffset Until)> _recent = new();

    // Raised by every update on this instance, so a read that was already under way when one happened is not kept.
    private long _updates;

    /// <summary>
    /// A prize for a redemption request: as read within the last <see cref="RecentFor"/> on this instance, or
    /// read now. A change made here is seen at once (<see cref="UpdateAsync"/> forgets it), one made on another
    /// instance within <see cref="RecentFor"/>. Stock is never taken from here: the reservation step checks it
    /// under its ETags.
    /// </summary>
    public async Task<Reward?> FindRecentAsync(string id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_recent.TryGetValue(id, out var known) && now < known.Until)
        {
            return known.Reward;
        }

        var updates = Interlocked.Read(ref _updates);
        if (await FindAsync(id, ct) is not { } reward)
        {
            return null;
        }

        if (Interlocked.Read(ref _updates) == updates)
        {
            _recent[id] = (reward, now + RecentFor);
        }

        return reward;
    }
}
