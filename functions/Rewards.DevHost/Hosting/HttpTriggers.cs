using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Rewards.Functions.Audit;
using Rewards.Functions.Http;

namespace Rewards.DevHost.Hosting;

/// <summary>Each HTTP trigger becomes an endpoint at its route under host.json's route prefix; its IActionResult is executed as ASP.NET Core would.</summary>
internal static class HttpTriggers
{
    public static void Map(IEndpointRouteBuilder app, FunctionCatalog catalog, HostJson host)
    {
        foreach (var function in catalog.Http)
        {
            var route = string.IsNullOrEmpty(host.RoutePrefix) ? function.Route : $"{host.RoutePrefix.Trim('/')}/{function.Route}";
            app.MapMethods("/" + route, function.Methods, async context =>
            {
                try
                {
                    // As the worker's AuditMiddleware does in Azure: every admin write is audited around the function.
                    await context.RequestServices.GetRequiredService<AdminAudit>().AroundAsync(context, function.Name, async () =>
                    {
                        var result = await Invoker.InvokeAsync(context.RequestServices, function.Method, p => Invoker.BindHttp(p, context));
                        if (result is IActionResult action)
                        {
                            await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                        }

                        return context.Response.StatusCode;
                    });
                }
                catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
                {
                    // As the worker's ProblemMiddleware does in Azure: a problem with a stable code, never an empty 500.
                    await UnhandledErrors.WriteAsync(context, e, context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(function.Name));
                }
            }).WithDisplayName(function.Name);
        }

        // No function has this route: a problem like every other error, not an empty 404.
        app.MapFallback(context => ApiResults.Problem(404, Domain.RefusalCodes.NotFound, "Not found", "There is nothing at this address.")
            .ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())));
    }
}
