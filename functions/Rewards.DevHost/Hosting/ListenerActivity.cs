namespace Rewards.DevHost.Hosting;

/// <summary>
/// What the queue listeners are doing, so that a caller can wait until they have nothing left to do. An empty
/// queue peek cannot tell that: a message that is running is hidden, not done. A queue is idle when no message
/// of it runs, no failed message of it is waiting to become visible again, and its listener finished an empty
/// poll that began after the wait began and after the last message of any queue ended (a message may send
/// the next one to any queue).
/// </summary>
public sealed class ListenerActivity
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Listener> _listeners = [];
    private long _polls;
    private long _lastFinish;

    /// <summary>A listener says it exists before its first poll, so that a wait includes it from the start.</summary>
    internal void Register(string queue)
    {
        lock (_gate)
        {
            _listeners.TryAdd(queue, new Listener());
        }
    }

    /// <summary>Numbers a poll as it begins.</summary>
    internal long PollStarting(string queue)
    {
        lock (_gate)
        {
            _listeners[queue].PollStartedAt = Environment.TickCount64;
            return ++_polls;
        }
    }

    internal void PollEnded(string queue, long poll, int received)
    {
        lock (_gate)
        {
            var listener = _listeners[queue];
            if (received == 0 && poll > listener.LastEmptyPoll)
            {
                listener.LastEmptyPoll = poll;
                listener.LastEmptyPollStartedAt = listener.PollStartedAt;
            }
        }
    }

    internal void Started(string queue, int messages)
    {
        lock (_gate)
        {
            _listeners[queue].Running += messages;
        }
    }

    /// <summary>A message ended; <paramref name="retryAfter"/> is when it becomes visible again if it failed.</summary>
    internal void Finished(string queue, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            var listener = _listeners[queue];
            listener.Running--;
            _lastFinish = _polls;
            if (retryAfter is { } delay)
            {
                listener.RetryVisibleAt = Math.Max(listener.RetryVisibleAt, Environment.TickCount64 + (long)delay.TotalMilliseconds + 1);
            }
        }
    }

    private bool Idle(long since, IReadOnlyCollection<string> queues, out string busy)
    {
        lock (_gate)
        {
            var after = Math.Max(since, _lastFinish);
            var waiting = _listeners
                .Where(l => queues.Count == 0 || queues.Contains(l.Key))
                .Where(l => l.Value.Running > 0 || l.Value.LastEmptyPoll <= after || l.Value.LastEmptyPollStartedAt < l.Value.RetryVisibleAt)
                .Select(l => $"{l.Key} ({l.Value.Running} running)")
                .ToList();
            busy = string.Join(", ", waiting);
            return waiting.Count == 0;
        }
    }

    /// <summary>
    /// Completes once the listeners of <paramref name="queues"/> (all when none are named) are idle, measured
    /// from now: messages sent to them before the call are done when it returns. Throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task WhenIdleAsync(TimeSpan timeout, IReadOnlyCollection<string>? queues = null, CancellationToken ct = default)
    {
        long since;
        lock (_gate)
        {
            since = _polls;
        }

        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        string busy;
        while (!Idle(since, queues ?? [], out busy))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"The queue listeners were not idle within {timeout}: {busy}.");
            }

            await Task.Delay(20, ct);
        }
    }

    private sealed class Listener
    {
        public long LastEmptyPoll { get; set; }

        public int Running { get; set; }

        public long RetryVisibleAt { get; set; }

        public long PollStartedAt { get; set; }

        public long LastEmptyPollStartedAt { get; set; }
    }
}
