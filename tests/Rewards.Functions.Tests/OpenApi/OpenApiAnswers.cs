using System.Globalization;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.OpenApi;

/// <summary>Checks recorded answers against the OpenAPI document the app serves: status, media type and JSON Schema.</summary>
public static class OpenApiAnswers
{
    /// <summary>Asserts every recorded answer is one its operation declares; returns "method template status" of each, in order.</summary>
    public static async Task<IReadOnlyList<string>> AssertValidAsync(HttpClient http, AnswerRecorder recorder)
    {
        var doc = JObject.Parse(await http.GetStringAsync("/api/openapi.json"));
        var validated = new List<string>();
        foreach (var answer in recorder.Answers.Where(a => a.Path != "/api/openapi.json"))
        {
            var template = Template(doc, answer.Path);
            var operation = doc["paths"]![template]?[answer.Method] as JObject;
            Assert.True(operation is not null, $"{answer.Method} {answer.Path} is not in the document");
            var responses = (JObject)operation["responses"]!;
            var response = responses[answer.Status.ToString(CultureInfo.InvariantCulture)]
                ?? (answer.Status >= 400 ? responses["default"] : null);
            Assert.True(response is not null, $"{answer.Method} {template} answered {answer.Status}, which the document does not declare ({string.Join(", ", responses.Properties().Select(p => p.Name))})");
            var content = response["content"] as JObject;
            if (answer.MediaType is null)
            {
                Assert.True(content is null, $"{answer.Method} {template} {answer.Status} has no body, but the document declares {content}");
            }
            else
            {
                var media = content?[answer.MediaType] as JObject;
                Assert.True(media is not null, $"{answer.Method} {template} {answer.Status} answered {answer.MediaType}, which the document does not declare ({content})");
                if (answer.MediaType.EndsWith("json", StringComparison.Ordinal))
                {
                    var errors = (await Schema(doc, (JObject)media["schema"]!)).Validate(answer.Body);
                    Assert.True(errors.Count == 0, $"{answer.Method} {answer.Path} {answer.Status}: {string.Join("; ", errors)}\n{answer.Body}");
                }
            }

            validated.Add($"{answer.Method} {template} {answer.Status}");
        }

        return validated;
    }

    /// <summary>The document's path template for a concrete path, literal segments preferred: /api/admin/reports/activities over {name}.</summary>
    public static string Template(JObject doc, string path) =>
        ((JObject)doc["paths"]!).Properties().Select(p => p.Name)
            .Where(t => t.Split('/').Length == path.Split('/').Length && t.Split('/').Zip(path.Split('/')).All(z => z.First.StartsWith('{') || z.First == z.Second))
            .OrderBy(t => t.Count(c => c == '{'))
            .FirstOrDefault() ?? path;

    /// <summary>
    /// The response schema as a standalone JSON Schema: the document's components become its definitions, closed to
    /// members they do not list, so an answer with a member the document does not know fails too.
    /// </summary>
    private static Task<JsonSchema> Schema(JObject doc, JObject schema)
    {
        var definitions = (JObject)doc["components"]!["schemas"]!.DeepClone();
        foreach (var definition in definitions.Properties().Select(p => p.Value).OfType<JObject>().Where(d => d["properties"] is not null))
        {
            definition.TryAdd("additionalProperties", false);
        }

        var standalone = new JObject { ["allOf"] = new JArray(schema.DeepClone()), ["definitions"] = definitions };
        return JsonSchema.FromJsonAsync(standalone.ToString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal));
    }
}
