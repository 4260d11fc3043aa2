using System.Collections.Concurrent;

namespace Rewards.Functions.Tests.Infrastructure;

/// <summary>One answer as the client received it: the request's method and path, the status, the media type and the body.</summary>
public sealed record RecordedAnswer(string Method, string Path, int Status, string? MediaType, string Body);

/// <summary>
/// An opt-in handler for <see cref="TestApp.Http"/> that keeps every answer passing through it, so a test can check
/// them against the OpenAPI document afterwards. The answer's body is buffered and handed on unchanged.
/// </summary>
public sealed class AnswerRecorder() : DelegatingHandler(new HttpClientHandler())
{
    public ConcurrentQueue<RecordedAnswer> Answers { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var media = response.Content.Headers.ContentType?.MediaType;
        var body = media is null || media.StartsWith("image/", StringComparison.Ordinal) ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        Answers.Enqueue(new(request.Method.Method.ToLowerInvariant(), request.RequestUri!.AbsolutePath, (int)response.StatusCode, media, body));
        return response;
    }
}
