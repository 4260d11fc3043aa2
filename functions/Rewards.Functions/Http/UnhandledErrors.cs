using System.Diagnostics;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Http;

/// <summary>
/// What an exception that escapes a function becomes at the edge: never an empty body or a stack trace, but a
/// problem with a stable code and a trace id to find the log line by. Contention that outlasted its retries
/// and storage that cannot be reached are 503 with Retry-After (the client may try again with the same
/// Idempotency-Key); anything else is a 500 <c>internal-error</c>. Both hosts use it: the Functions worker
/// through <see cref="ProblemMiddleware"/>, the DevHost around each HTTP trigger.
/// </summary>
internal static class UnhandledErrors
{
    public const string InternalError = "internal-error";
    public const string StorageUnavailable = "storage-unavailable";

    public static ProblemResult ToProblem(Exception e, string traceId)
    {
        var trace = new Dictionary<string, object?> { ["traceId"] = traceId };
        return e switch
        {
            RequestFailedException r when ConcurrencyRetry.IsConflict(r) =>
                ApiResults.Problem(503, ProblemCodes.Contention, "Busy", "Too many changes at once; try again in a moment.", extensions: trace),
            _ when e is CommitOutcomeUnknownException || StorageFailures.IsUnreachable(e) =>
                ApiResults.Problem(503, StorageUnavailable, "Storage unavailable", "Storage could not be reached; try again in a moment with the same Idempotency-Key.", extensions: trace),
            _ => ApiResults.Problem(500, InternalError, "Internal error", "Something went wrong on our side. Quote the traceId if you report it.", extensions: trace),
        };
    }

    public static async Task WriteAsync(HttpContext http, Exception e, ILogger log)
    {
        var traceId = Activity.Current?.Id ?? http.TraceIdentifier;
        log.LogError(e, "Unhandled {Exception} in {Method} {Route}; trace {TraceId}", e.GetType().Name, http.Request.Method, http.GetEndpoint()?.DisplayName, traceId);
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.Clear();
        await ToProblem(e, traceId).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }
}
