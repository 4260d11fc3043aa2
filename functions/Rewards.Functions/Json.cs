using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Rewards.Functions;

/// <summary>The one JSON setting of the API and of the JSON kept in tables: camelCase, ISO 8601 times with their offset, nulls left out.</summary>
internal static class Json
{
    public static JsonSerializerSettings Settings { get; } = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        DateParseHandling = DateParseHandling.DateTimeOffset,
        DateFormatHandling = DateFormatHandling.IsoDateFormat,
        NullValueHandling = NullValueHandling.Ignore,
        // Unknown fields such as "balance" or "status" are ignored, never bound: request records simply lack them.
        MissingMemberHandling = MissingMemberHandling.Ignore,
        MaxDepth = 16,
    };

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings);

    public static T? Deserialize<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings);
}
