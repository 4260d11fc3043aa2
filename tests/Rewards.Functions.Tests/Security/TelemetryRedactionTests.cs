using System.Collections.Concurrent;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;

namespace Rewards.Functions.Tests.Security;

/// <summary>What the worker sends to Application Insights (issue 12, item 7), through the SDK's own pipeline as Program.cs sets it up.</summary>
public sealed class TelemetryRedactionTests
{
    private const string Token = "wt_eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ3LTEiLCJ2ZXIiOjF9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

    /// <summary>Keeps what the SDK would have sent.</summary>
    private sealed class Captured : ITelemetryChannel
    {
        public ConcurrentQueue<ITelemetry> Items { get; } = new();

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = "http://127.0.0.1:9/";

        public void Send(ITelemetry item) => Items.Enqueue(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Requests_dependencies_traces_and_logs_leave_with_no_token_no_authorization_and_no_signature()
    {
        var channel = new Captured();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/",
        }).Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Information));
        services.AddSingleton<ITelemetryChannel>(channel);
        services.AddRewardsTelemetry();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TelemetryClient>();
        var at = new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero);

        var request = new RequestTelemetry($"GET /w/{Token}", at, TimeSpan.FromMilliseconds(5), "200", true) { Url = new Uri($"https://rewards.example.cn/w/{Token}") };
        request.Properties["Authorization"] = $"Bearer {Token}";
        request.Properties["X-Rewards-Signature"] = "t=1748165400,v1=5257a869e7";
        request.Properties["Path"] = $"/w/{Token}";
        client.TrackRequest(request);
        client.TrackDependency("HTTP", "rewards.example.cn", $"GET /w/{Token}", $"https://rewards.example.cn/w/{Token}", at, TimeSpan.FromMilliseconds(3), "200", true);
        client.TrackTrace($"opened /w/{Token}");
        client.TrackException(new InvalidOperationException($"bad link /w/{Token}"));
        provider.GetRequiredService<ILogger<TelemetryRedactionTests>>().LogInformation("Worker page {Path} answered {Status}", $"/w/{Token}", 200);
        client.Flush();

        var items = channel.Items.ToList();
        // What would go over the wire, in the SDK's own serialization.
        var sent = items.Select(i => System.Text.Encoding.UTF8.GetString(Microsoft.ApplicationInsights.Extensibility.Implementation.JsonSerializer.Serialize([i], compress: false))).ToList();
        Assert.Contains(items, i => i is RequestTelemetry);
        Assert.Contains(items, i => i is DependencyTelemetry);
        Assert.Contains(items, i => i is ExceptionTelemetry);
        Assert.Equal(2, items.OfType<TraceTelemetry>().Count());
        Assert.All(sent, s => Assert.DoesNotContain(Token[3..40], s, StringComparison.Ordinal));
        Assert.All(sent, s => Assert.DoesNotContain("5257a869e7", s, StringComparison.Ordinal));
        var redacted = items.OfType<RequestTelemetry>().Single();
        Assert.Equal(("[redacted]", "[redacted]"), (redacted.Properties["Authorization"], redacted.Properties["X-Rewards-Signature"]));
        Assert.EndsWith($"/w/wt_%E2%80%A6{Token[^4..]}", redacted.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains(items.OfType<TraceTelemetry>(), t => t.Message.Contains($"/w/wt_…{Token[^4..]} answered 200", StringComparison.Ordinal));
    }
}
