using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>The SCIM 2.0 wire format (RFC 7643, 7644): schema names, error bodies, what a request may send and how big.</summary>
public static class Scim
{
    public const string ContentType = "application/scim+json";
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string ConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string SchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>A SCIM error (RFC 7644 §3.12): the status, a scimType where the RFC names one, and a sentence.</summary>
    public static ScimException BadRequest(string detail, string scimType = "invalidValue") => new(StatusCodes.Status400BadRequest, detail, scimType);


    public static ScimException NotFound(string what) => new(StatusCodes.Status404NotFound, $"{what} not found.");

    /// <summary>Writes a resource (or any SCIM message) with the SCIM content type and, for a resource, its ETag.</summary>
    public static IResult Resource(JsonObject body, int status = StatusCodes.Status200OK, string? location = null) =>
        new ScimResult(body, status, location);

    /// <summary>A read of one resource: 304 when the client's If-None-Match names its current version (RFC 7644 §3.14).</summary>
    public static IResult Read(HttpRequest request, JsonObject body) =>
        body["meta"]?["version"]?.GetValue<string>() is { } version
            && request.Headers.IfNoneMatch.ToString().Split(',').Select(v => v.Trim()).Contains(version, StringComparer.Ordinal)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Resource(body);

    public static IResult Problem(ScimException error) => new ScimResult(error.ToJson(), error.Status, null);

    private sealed class ScimResult(JsonObject body, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = ContentType;
            if (body["meta"]?["version"]?.GetValue<string>() is { } version)
            {
                response.Headers.ETag = version;
            }

            if (location is not null)
            {
                response.Headers.Location = location;
            }

            await using var writer = new Utf8JsonWriter(response.Body);
            body.WriteTo(writer, Json);
        }
    }

    /// <summary>
    /// Reads the request's JSON object, refusing a body over <paramref name="maxBytes"/> (413) and anything that is not a
    /// JSON object (400 invalidSyntax). Accepts application/scim+json and application/json.
    /// </summary>
    public static async Task<JsonObject> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (request.ContentType is { } type && !type.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
            && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ScimException(StatusCodes.Status415UnsupportedMediaType, $"Send the body as {ContentType} (or application/json).");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var body = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw BadRequest("The body must be a JSON object.", "invalidSyntax");
            Walk(body); // JsonNode reads objects lazily: a repeated member fails here, as a SCIM error, not later
            return body;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            throw BadRequest($"The body is not valid JSON: {ex.Message}", "invalidSyntax");
        }
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Walk(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item);
                }

                break;
        }
    }

    private static ScimException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes} bytes, the most this service accepts (maxPayloadSize).");

    /// <summary>A member of a JSON object by name, ignoring case as RFC 7643 §2.1 asks.</summary>
    public static JsonNode? Get(this JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Removes a member by name, ignoring case.</summary>
    public static void RemoveMember(this JsonObject obj, string name)
    {
        foreach (var key in obj.Select(p => p.Key).Where(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            obj.Remove(key);
        }
    }

    /// <summary>Sets a member by name, replacing one spelt with other capitals.</summary>
    public static void SetMember(this JsonObject obj, string name, JsonNode? value)
    {
        obj.RemoveMember(name);
        obj[name] = value;
    }

    /// <summary>A string value; numbers and booleans as their text (identity providers send either); null for null or absent.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => throw BadRequest($"Expected a single value, got {node.ToJsonString()}."),
    };

    /// <summary>A boolean as SCIM clients send it: true/false, or (Entra) the strings "True"/"False".</summary>
    public static bool? Boolean(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>().Trim(), out var b) => b,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => throw BadRequest($"“{node.ToJsonString()}” is not true or false."),
    };

    public static string Timestamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A weak ETag from a change counter and the row's last write, so an admin's edit changes it too.</summary>
    public static string Version(int counter, DateTime updatedUtc) =>
        $"W/\"{counter.ToString(CultureInfo.InvariantCulture)}-{updatedUtc.Ticks.ToString("x", CultureInfo.InvariantCulture)}\"";

    /// <summary>If-Match: a client that names a version other than the current one gets 412 and changes nothing.</summary>
    public static void CheckIfMatch(HttpRequest request, string current)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && !ifMatch.Split(',').Select(v => v.Trim()).Contains(current, StringComparer.Ordinal))
        {
            throw new ScimException(StatusCodes.Status412PreconditionFailed, "The resource changed since that version was read: read it again and retry.");
        }
    }
}

/// <summary>A SCIM error (RFC 7644 §3.12): the status, a scimType where the RFC names one, and a sentence.</summary>
public sealed class ScimException(int status, string detail, string? scimType = null) : Exception(detail)
{
    public int Status => status;
    public string? ScimType => scimType;

    public JsonObject ToJson()
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(Scim.ErrorSchema), ["status"] = status.ToString(CultureInfo.InvariantCulture), ["detail"] = Message };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }

        return body;
    }
}
