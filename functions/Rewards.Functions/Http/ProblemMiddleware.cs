using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Rewards.Functions.Http;

/// <summary>In the Functions worker: an exception that escapes an HTTP function becomes a problem response (<see cref="UnhandledErrors"/>).</summary>
internal sealed class ProblemMiddleware(ILogger<ProblemMiddleware> log) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is not null)
        {
            await UnhandledErrors.WriteAsync(context.GetHttpContext()!, e, log);
        }
    }
}
