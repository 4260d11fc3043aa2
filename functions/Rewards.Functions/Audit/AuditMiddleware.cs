using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Rewards.Functions.Audit;

/// <summary>In the Functions worker: every admin write passes <see cref="AdminAudit"/>; the status comes from the function's result.</summary>
internal sealed class AuditMiddleware(AdminAudit audit) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        await audit.AroundAsync(http, context.FunctionDefinition.Name, async () =>
        {
            await next(context);
            return (context.GetInvocationResult().Value as IStatusCodeActionResult)?.StatusCode ?? http.Response.StatusCode;
        });
    }
}
