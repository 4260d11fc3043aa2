using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rewards.Functions.Http;

/// <summary>
/// What every HTTP request meets before its function: the security headers on its response, whatever answers
/// it, the rate limits, and for the admin and partner areas the credential, checked before any body is read. The DevHost runs it as ASP.NET Core middleware, the Functions worker through
/// <see cref="EdgeMiddleware"/>.
/// </summary>
internal static class Edge
{
    /// <summary>For anything that is not a page: no content of any kind, and never in a frame.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static async Task HandleAsync(HttpContext http, RequestDelegate next)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            if (await AdmitAsync(http))
            {
                await next(http);
            }
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            // Whatever escapes (the edge's own partner-key lookup, say) is a problem too, never an empty 500.
            await UnhandledErrors.WriteAsync(http, e, http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Rewards.Edge"));
        }

        // The DevHost's request log (ASP.NET Core's own, which prints the raw path, is switched off there): the
        // path with any credential redacted, never a header.
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Rewards.Requests").LogInformation(
            "{Method} {Path} answered {Status} in {Elapsed} ms", http.Request.Method, Redaction.Redact(http.Request.Path + http.Request.QueryString),
            http.Response.StatusCode, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Applies the headers; false when the request was answered here (rate-limited).</summary>
    public static async Task<bool> AdmitAsync(HttpContext http)
    {
        var response = http.Response;
        response.OnStarting(() =>
        {
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            if (!response.Headers.ContainsKey("Content-Security-Policy"))
            {
                response.Headers.ContentSecurityPolicy = ApiPolicy;
            }

            return Task.CompletedTask;
        });

        // Credentials can be checked only once the secrets they are checked against are there; until then the
        // secrets gate that follows answers 503.
        var secretsReady = http.RequestServices.GetService<Identity.SecretReferences>() is not { IsReady: false };
        var refused = http.RequestServices.GetRequiredService<RateLimits>().Check(http)
            ?? (secretsReady ? await http.RequestServices.GetRequiredService<Identity.Gate>().AreaAsync(http.Request) : null);
        if (refused is null)
        {
            return true;
        }

        await refused.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        return false;
    }
}

/// <summary>In the Functions worker: <see cref="Edge"/> before every HTTP function.</summary>
internal sealed class EdgeMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http || await Edge.AdmitAsync(http))
        {
            await next(context);
        }
    }
}
