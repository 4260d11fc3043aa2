using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Rewards.Bench;

/// <summary>The HTTP calls every benchmark makes: an authorized request, and a worker created with a link.</summary>
internal static class BenchHttp
{
    public static HttpRequestMessage Request(HttpMethod method, string path, string bearer, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string bearer, object? body = null, string? idempotencyKey = null)
    {
        using var request = Request(method, path, bearer, body, idempotencyKey);
        return await http.SendAsync(request);
    }

    /// <summary>Creates a worker through the admin API and returns the token of a fresh link.</summary>
    public static async Task<string> WorkerAsync(HttpClient http, string adminKey, string id, string unit)
    {
        (await SendAsync(http, HttpMethod.Post, "/api/admin/workers", adminKey, new { id, displayName = "压测职工", unitId = unit })).EnsureSuccessStatusCode();
        using var link = await SendAsync(http, HttpMethod.Post, $"/api/admin/workers/{id}/link", adminKey);
        return JsonNode.Parse(await link.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
    }
}
