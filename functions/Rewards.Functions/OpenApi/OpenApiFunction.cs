using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Rewards.Functions.OpenApi;

internal sealed class OpenApiFunction
{
    /// <summary>Public: the OpenAPI 3.1 document of every HTTP function, built when asked from the functions themselves.</summary>
    [Function("OpenApiDocument")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest req, CancellationToken ct) =>
        new ContentResult { StatusCode = 200, ContentType = "application/json; charset=utf-8", Content = await OpenApiBuilder.JsonAsync(ct) };
}
