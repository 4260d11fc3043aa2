using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Rewards.Functions;
using Rewards.Functions.Audit;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

IHost host;
try
{
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    builder.UseMiddleware<ForwardedHostMiddleware>();
    builder.UseMiddleware<ProblemMiddleware>();
    builder.UseMiddleware<EdgeMiddleware>();
    builder.UseMiddleware<SecretsGate>();
    builder.UseMiddleware<AuditMiddleware>();
    builder.Services.AddRewards(builder.Configuration);
    builder.Services.AddRewardsTelemetry();
    host = builder.Build();

    // Before the worker connects to the host: a missing or wrong setting is one line naming it, and a non-zero exit.
    StartupCheck.Validate(host.Services);
}
catch (Exception e) when (StartupCheck.Failures(e) is { Count: > 0 } failures)
{
    return StartupCheck.Report(failures, Console.Error);
}

host.Run();
return 0;
