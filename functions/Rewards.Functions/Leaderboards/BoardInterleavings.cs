namespace Rewards.Functions.Leaderboards;

/// <summary>
/// Points inside the boards' read-decide-write where a test runs the other writer exactly there (as
/// <see cref="Redemptions.Interleavings"/> does for redemptions): the default is a completed task.
/// </summary>
internal sealed class BoardInterleavings
{
    /// <summary>After the projector has read the account and the board rows, before it commits the boards' transaction.</summary>
    public Func<string, Task> BeforeBoardsCommit { get; init; } = _ => Task.CompletedTask;

    /// <summary>Right after the boards' transaction went through, before the worker's progress row is written: where a crash leaves the boards ahead.</summary>
    public Func<string, Task> AfterBoardsCommit { get; init; } = _ => Task.CompletedTask;

    /// <summary>After a preference change has read the worker's board watermark, before it commits the rows' new flag.</summary>
    public Func<string, Task> BeforeAnonymityCommit { get; init; } = _ => Task.CompletedTask;
}
