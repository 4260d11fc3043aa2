using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Rewards.DevHost.Hosting;

/// <summary>
/// Calls a function method as the worker would: a fresh instance from the container per invocation, the
/// trigger's value bound to its parameter, route values bound by name, and the CancellationToken passed.
/// </summary>
internal static class Invoker
{
    public static async Task<object?> InvokeAsync(IServiceProvider services, MethodInfo method, Func<ParameterInfo, object?> bind)
    {
        await using var scope = services.CreateAsyncScope();
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        try
        {
            var args = method.GetParameters().Select(bind).ToArray();
            var result = method.Invoke(target, args);
            switch (result)
            {
                case Task task:
                    await task;
                    var resultProperty = task.GetType().GetProperty("Result");
                    return task.GetType().IsGenericType ? resultProperty?.GetValue(task) : null;
                case ValueTask valueTask:
                    await valueTask;
                    return null;
                default:
                    return result;
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    public static object? BindHttp(ParameterInfo p, HttpContext context) => p.ParameterType switch
    {
        var t when t == typeof(HttpRequest) => context.Request,
        var t when t == typeof(CancellationToken) => context.RequestAborted,
        var t when t == typeof(FunctionContext) => throw new NotSupportedException("Functions here take no FunctionContext (DESIGN.md section 3)."),
        _ => context.Request.RouteValues.TryGetValue(p.Name!, out var value) ? Convert.ChangeType(value, p.ParameterType, System.Globalization.CultureInfo.InvariantCulture) : null,
    };

    public static object? BindMessage(ParameterInfo p, string message, CancellationToken ct) => p.ParameterType switch
    {
        var t when t == typeof(CancellationToken) => ct,
        var t when t == typeof(string) => message,
        var t when t == typeof(BinaryData) => BinaryData.FromString(message),
        var t => JsonSerializer.Deserialize(message, t, JsonSerializerOptions.Web),
    };

    public static object? BindTimer(ParameterInfo p, TimerInfo timer, CancellationToken ct) =>
        p.ParameterType == typeof(CancellationToken) ? ct : p.ParameterType == typeof(TimerInfo) ? timer : null;
}
