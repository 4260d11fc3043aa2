using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Sharing;

internal sealed class ShareRequest
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? ContentId { get; set; }
}

internal sealed class SharingFunctions(Gate gate, SharingUseCase sharing, IOptions<IdentityOptions> identity)
{
    [Function("CreateShare")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shares")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var body = await RequestBody.ReadJsonAsync<ShareRequest>(req, ct);
        if ((denied ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var baseUrl = identity.Value.PublicBaseUrl ?? $"{req.Scheme}://{req.Host}";
        return (await sharing.CreateAsync(worker!, body.Value!.ContentId!, baseUrl, ct)).ToResult(201);
    }

    /// <summary>Public: what a shared link shows, to anyone who has the link.</summary>
    [Function("GetShare")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shares/{code}")] HttpRequest req, string code, CancellationToken ct) =>
        (await sharing.ViewAsync(code, ct)).ToResult(200);

    /// <summary>Anyone may open; a signed-in colleague's open credits the sharer.</summary>
    [Function("OpenShare")]
    public async Task<IActionResult> Open([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shares/{code}/opens")] HttpRequest req, string code, CancellationToken ct)
    {
        var (opener, denied) = await gate.AnonymousOrWorkerAsync(req);
        return denied ?? (await sharing.OpenAsync(opener, code, ct)).ToResult(200);
    }
}
