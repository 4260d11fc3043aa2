using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Rewards.Functions.Tests.Webhooks;

/// <summary>One webhook request as a partner's server received it.</summary>
public sealed record Received(string Signature, string EventId, string Body, int AnsweredWith)
{
    public JObject Json => JObject.Parse(Body);

    public string Type => Json.Value<string>("type")!;
}

/// <summary>
/// A partner's webhook receiver on a loopback port: it records every request and answers as <see cref="Answer"/>
/// says (by default 200); it can also hang, to play a partner whose server is down without refusing connections.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Receiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status for the n-th request (1-based); 0 means hang until disposed.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public string? RedirectTo { get; set; }

    public string Url { get; private set; } = "";

    public IEnumerable<Received> Accepted => Requests.Where(r => r.AnsweredWith is >= 200 and < 300);

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new Receiver(builder.Build());
        receiver._app.MapPost("/hook", receiver.HandleAsync);
        await receiver._app.StartAsync();
        receiver.Url = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    private int _count;

    private async Task<IResult> HandleAsync(HttpRequest req)
    {
        using var reader = new StreamReader(req.Body);
        var body = await reader.ReadToEndAsync();
        var status = Answer(Interlocked.Increment(ref _count));
        if (status == 0)
        {
            Requests.Enqueue(new Received(req.Headers["X-Rewards-Signature"].ToString(), req.Headers["X-Rewards-Event-Id"].ToString(), body, 0));
            await _release.Task;
            return Results.StatusCode(503);
        }

        Requests.Enqueue(new Received(req.Headers["X-Rewards-Signature"].ToString(), req.Headers["X-Rewards-Event-Id"].ToString(), body, RedirectTo is null ? status : 307));
        return RedirectTo is { } location ? Results.Redirect(location, permanent: false, preserveMethod: true) : Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
