using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rewards.Functions.Http;

/// <summary>
/// Takes credentials out of every item the worker sends to Application Insights: a worker token anywhere (a
/// <c>/w/{token}</c> URL of a link printed before links moved the token into the fragment, a message, a property)
/// becomes <c>wt_…</c> and its last four characters, as in the app's own logs, and an <c>Authorization</c> or
/// <c>X-Rewards-Signature</c> value is dropped whole. The Functions host's own request telemetry is beyond the
/// worker's reach: README, "What is logged", says what that means for old links.
/// </summary>
internal sealed class TelemetryRedaction : ITelemetryInitializer
{
    public const string Redacted = "[redacted]";

    private static readonly string[] SecretNames = ["Authorization", "X-Rewards-Signature"];

    public void Initialize(ITelemetry telemetry)
    {
        switch (telemetry)
        {
            case RequestTelemetry request:
                request.Name = Clean(request.Name);
                request.Url = request.Url is { } url ? new Uri(Redaction.Redact(url.OriginalString), UriKind.RelativeOrAbsolute) : null;
                break;
            case DependencyTelemetry dependency:
                dependency.Name = Clean(dependency.Name);
                dependency.Data = Clean(dependency.Data);
                break;
            case TraceTelemetry trace:
                trace.Message = Clean(trace.Message);
                break;
            case ExceptionTelemetry exception:
                exception.Message = Clean(exception.Message);
                foreach (var detail in exception.ExceptionDetailsInfoList)
                {
                    detail.Message = Clean(detail.Message);
                }

                break;
        }

        telemetry.Context.Operation.Name = Clean(telemetry.Context.Operation.Name);
        if (telemetry is ISupportProperties withProperties)
        {
            foreach (var key in withProperties.Properties.Keys.ToList())
            {
                withProperties.Properties[key] = SecretNames.Any(n => key.Contains(n, StringComparison.OrdinalIgnoreCase)) ? Redacted : Clean(withProperties.Properties[key]);
            }
        }
    }

    private static string? Clean(string? text) => text is null ? null : Redaction.Redact(text);
}

internal static class TelemetrySetup
{
    /// <summary>
    /// Application Insights for the isolated worker (in Azure: APPLICATIONINSIGHTS_CONNECTION_STRING, and
    /// APPLICATIONINSIGHTS_AUTHENTICATION_STRING for Entra ID ingestion with the app's identity), with every item redacted.
    /// </summary>
    public static IServiceCollection AddRewardsTelemetry(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.AddSingleton<ITelemetryInitializer, TelemetryRedaction>();

        // The SDK's own rule would keep only warnings from the worker's logs; host.json's levels apply instead.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });
        return services;
    }
}
