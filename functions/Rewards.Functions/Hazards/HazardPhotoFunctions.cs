using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Hazards;

/// <summary>The hazard-photos queue: processing and index sync, and the poison queue that marks a report failed.</summary>
internal sealed class HazardPhotoFunctions(HazardProcessing processing)
{
    [Function("ProcessHazardPhoto")]
    public Task Process([QueueTrigger(StorageNames.HazardPhotoQueue)] string message, CancellationToken ct) =>
        processing.ProcessAsync(Read(message), ct);

    /// <summary>A message that failed maxDequeueCount times: its report shows failed to the worker.</summary>
    [Function("HazardPhotoFailed")]
    public Task Failed([QueueTrigger(StorageNames.HazardPhotoPoisonQueue)] string message, CancellationToken ct) =>
        processing.FailAsync(Read(message), ct);

    private static HazardMessage Read(string message) =>
        Json.Deserialize<HazardMessage>(message) is { ReportId.Length: > 0, WorkerId.Length: > 0 } m
            ? m
            : throw new InvalidOperationException($"A hazard-photos message that names no report: {message}");
}
