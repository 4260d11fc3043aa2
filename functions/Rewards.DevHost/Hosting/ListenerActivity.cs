namespace Rewards.DevHost.Hosting;

/// <summary>
/// What the queue listeners are doing, so that a caller can wait until they have nothing left to do. An empty
/// queue peek cannot tell that: a message that is running is hidden, not done. Idle here means every listener
/// finished an empty poll that began after the wait began, after the last message finished and after the
/// last failed message became visible again, and no message is running.
/// </summary>
public sealed class ListenerActivity
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _lastEmptyPoll = [];
    private long _polls;
    private long _lastFinish;
    private long _retryVisibleAt;
    private int _running;

    /// <summary>A listener says it exists before its first poll, so that a wait includes it from the start.</summary>
    internal void Register(string queue)
    {
        lock (_gate)
        {
            _lastEmptyPoll.TryAdd(queue, 0);
        }
    }

    /// <summary>Numbers a poll as it begins; a retry still waiting to become visible makes it count for nothing.</summary>
    internal long PollStarting()
    {
        lock (_gate)
        {
            return Environment.TickCount64 < _retryVisibleAt ? 0 : ++_polls;
        }
    }

    internal void PollEnded(string queue, long poll, int received)
    {
        lock (_gate)
        {
            if (received == 0 && poll > _lastEmptyPoll.GetValueOrDefault(queue))
            {
                _lastEmptyPoll[queue] = poll;
            }
        }
    }

    internal void Started(int messages)
    {
        lock (_gate)
        {
            _running += messages;
        }
    }

    /// <summary>A message ended; <paramref name="retryAfter"/> is when it becomes visible again if it failed.</summary>
    internal void Finished(TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _running--;
            _lastFinish = _polls;
            if (retryAfter is { } delay)
            {
                _retryVisibleAt = Math.Max(_retryVisibleAt, Environment.TickCount64 + (long)delay.TotalMilliseconds + 1);
            }
        }
    }

    /// <summary>True when nothing runs and every listener's last empty poll began after <paramref name="since"/> and after the last message ended.</summary>
    private bool IdleSince(long since, out string busy)
    {
        lock (_gate)
        {
            var after = Math.Max(since, _lastFinish);
            var waiting = _lastEmptyPoll.Where(l => l.Value <= after).Select(l => l.Key).ToList();
            busy = _running > 0 ? $"{_running} message(s) running" : string.Join(", ", waiting);
            return _running == 0 && waiting.Count == 0;
        }
    }

    /// <summary>
    /// Completes once every queue listener is idle (see the class summary), measured from now: messages sent
    /// before the call are done when it returns. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task WhenIdleAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        long since;
        lock (_gate)
        {
            since = _polls;
        }

        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var busy = "";
        while (!IdleSince(since, out busy))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"The queue listeners were not idle within {timeout}: {busy}.");
            }

            await Task.Delay(20, ct);
        }
    }
}
