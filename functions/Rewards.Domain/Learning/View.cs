namespace Rewards.Domain.Learning;

/// <summary>A timed view of one content item, started on the server; the content's points and minimum seconds are fixed when it starts.</summary>
public sealed record View(string ViewId, string ContentId, string Title, int Points, int MinSeconds, DateTimeOffset StartedAt)
{
    public DateTimeOffset CompletableAt => StartedAt.AddSeconds(MinSeconds);
}
