using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Rewards.Functions;
using Rewards.Functions.Audit;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemMiddleware>();
builder.UseMiddleware<EdgeMiddleware>();
builder.UseMiddleware<SecretsGate>();
builder.UseMiddleware<AuditMiddleware>();
builder.Services.AddRewards(builder.Configuration);
builder.Services.AddRewardsTelemetry();
builder.Build().Run();
