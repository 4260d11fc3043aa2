using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Rewards.Functions.Http;

/// <summary>
/// In Azure the Functions host forwards each HTTP request to the worker's own server on localhost, so the
/// request the worker sees has the worker's host and scheme; the public ones arrive as X-Forwarded-Host and
/// X-Forwarded-Proto. Links the app prints (worker links, posters, shares) are built from the request when
/// <c>Rewards:PublicBaseUrl</c> is not set, so the worker puts the public ones back before any function runs.
/// A client may send these headers too: a proxy that appends puts its own value last, so the last is taken; and
/// only a well-formed host and http or https are used. The DevHost has no proxy in front and does not use this.
/// </summary>
internal static class ForwardedHost
{
    public static void Apply(HttpRequest request)
    {
        if (Last(request.Headers["X-Forwarded-Host"]) is { } host && Uri.CheckHostName(HostString.FromUriComponent(host).Host) != UriHostNameType.Unknown)
        {
            request.Host = HostString.FromUriComponent(host);
        }

        if (Last(request.Headers["X-Forwarded-Proto"]) is { } scheme && scheme is "https" or "http")
        {
            request.Scheme = scheme;
        }
    }

    private static string? Last(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values[^1]?.Split(',').Select(v => v.Trim()).LastOrDefault(v => v.Length > 0);
}

/// <summary>The worker middleware that applies <see cref="ForwardedHost"/>; registered only in the Functions host (Program.cs).</summary>
internal sealed class ForwardedHostMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            ForwardedHost.Apply(http.Request);
        }

        return next(context);
    }
}
