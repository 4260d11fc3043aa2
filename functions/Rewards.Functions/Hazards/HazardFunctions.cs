using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Hazards;

/// <summary>Hazard snapshots (安全隐患随手拍) for workers. The credential is checked before a byte of a body is read.</summary>
internal sealed class HazardFunctions(Gate gate, HazardSubmission submission, HazardQueries queries, ILogger<HazardFunctions> log)
{
    [Function("SubmitHazard")]
    public async Task<IActionResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/hazards")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var key = denied is null ? IdempotencyKey.Read(req) : default;
        var form = denied is null && key.Problem is null ? await HazardForms.ReportAsync(req, ct) : default;
        if ((denied ?? key.Problem ?? form.Problem) is { } problem)
        {
            return problem;
        }

        var result = await submission.SubmitAsync(worker!, form.Value!, key.Value!, ct);
        log.LogInformation("Hazard report by {WorkerId}: {Outcome}", worker!.WorkerId, result.Refusal?.Code ?? result.Value!.Id);
        return result.ToResult(202);
    }

    [Function("GetMyHazards")]
    public async Task<IActionResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me/hazards")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await queries.MineAsync(worker!, ct)).ToResult(200);
    }

    [Function("GetHazard")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/hazards/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await queries.GetAsync(worker!, id, ct)).ToResult(200);
    }

    /// <summary>Streamed through the function to the reporter or an admin, never from a public blob URL; private to the browser's cache.</summary>
    [Function("GetHazardPhoto")]
    public async Task<IActionResult> Photo([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/hazards/{id}/photo")] HttpRequest req, string id, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerOrAdminAsync(req);
        var size = req.Query["size"].ToString() is { Length: > 0 } s ? s : "full";
        if ((denied ?? (size is "thumb" or "full" or "after" ? null : RequestBody.Invalid(new Dictionary<string, string[]> { ["size"] = ["must be thumb, full or after"] }))) is { } problem)
        {
            return problem;
        }

        var photo = await queries.PhotoAsync(worker, id, size, ct);
        if (photo.IsRefused)
        {
            return ApiResults.Problem(photo.Refusal!);
        }

        req.HttpContext.Response.Headers.CacheControl = photo.Value!.StandIn ? "private, no-store" : "private, max-age=300";
        req.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return new FileStreamResult(photo.Value.Content, "image/jpeg");
    }
}
