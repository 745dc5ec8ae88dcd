using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>
/// PATCH (RFC 7644 §3.5.2) applied to a resource's JSON: add, replace and remove, with and without a path, and the
/// habits of Entra ID and Okta: operation names in any case (<c>Replace</c>), booleans as strings (<c>"False"</c>),
/// extension attributes by full name, <c>emails[type eq "work"].value</c> and members removed by a value list. The
/// caller reads the patched JSON back as a whole resource, so a patch and a PUT end in the same rules.
/// </summary>
public static partial class ScimPatch
{
    public static void Apply(JsonObject resource, JsonObject patch, Func<string, bool> knownAttribute)
    {
        if (patch.Get("schemas") is not JsonArray schemas || !schemas.Any(s => Scim.Text(s) == Scim.PatchSchema))
        {
            throw Scim.BadRequest($"A PATCH body names the schema {Scim.PatchSchema}.", "invalidSyntax");
        }

        if (patch.Get("Operations") is not JsonArray operations || operations.Count == 0)
        {
            throw Scim.BadRequest("A PATCH body holds a list of Operations.", "invalidSyntax");
        }

        foreach (var node in operations)
        {
            if (node is not JsonObject operation)
            {
                throw Scim.BadRequest("Each operation is an object with op, path and value.", "invalidSyntax");
            }

            var op = Scim.Text(operation.Get("op"))?.ToLowerInvariant();
            var path = Scim.Text(operation.Get("path"));
            var value = operation.Get("value")?.DeepClone();
            switch (op)
            {
                case "add" or "replace" when path is null:
                    if (value is not JsonObject values)
                    {
                        throw Scim.BadRequest($"An {op} without a path takes an object of attributes as its value.", "invalidSyntax");
                    }

                    foreach (var (name, v) in values.ToList())
                    {
                        // An extension as a whole ({"urn:…:enterprise:2.0:User": {"department": …}}): each of its attributes.
                        if (name.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && knownAttribute(name) && v is JsonObject extension)
                        {
                            foreach (var (inner, iv) in extension.ToList())
                            {
                                Set(resource, Parse($"{name}:{inner}", knownAttribute), iv?.DeepClone(), op == "add");
                            }

                            continue;
                        }

                        Set(resource, Parse(name, knownAttribute), v?.DeepClone(), op == "add");
                    }

                    break;
                case "add" or "replace":
                    Set(resource, Parse(path!, knownAttribute), value, op == "add");
                    break;
                case "remove" when path is null:
                    throw Scim.BadRequest("A remove names the attribute to remove in its path.", "noTarget");
                case "remove":
                    Remove(resource, Parse(path, knownAttribute), value);
                    break;
                default:
                    throw Scim.BadRequest($"“{op}” is not an operation: use add, replace or remove.", "invalidSyntax");
            }
        }
    }

    /// <summary>A path taken apart: the extension it is in (or none), the attribute, an optional <c>[sub eq "value"]</c>, an optional sub-attribute.</summary>
    private sealed record Target(string? Extension, string Attribute, string? FilterAttribute, string? FilterValue, string? Sub);

    private static Target Parse(string path, Func<string, bool> knownAttribute)
    {
        string? extension = null;
        var rest = path.Trim();
        if (rest.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var filterAt = rest.IndexOf('[', StringComparison.Ordinal);
            var lastColon = (filterAt < 0 ? rest : rest[..filterAt]).LastIndexOf(':');
            var urn = rest[..lastColon];
            rest = rest[(lastColon + 1)..];
            if (string.Equals(urn, Scim.UserSchema, StringComparison.OrdinalIgnoreCase) || string.Equals(urn, Scim.GroupSchema, StringComparison.OrdinalIgnoreCase))
            {
                urn = null; // the core schema by its full name
            }
            else if (rest.Length == 0 || !knownAttribute(urn))
            {
                throw Scim.BadRequest($"“{path}” is not an attribute here.", "invalidPath");
            }

            extension = urn;
        }

        var match = PathShape().Match(rest);
        if (!match.Success)
        {
            throw Scim.BadRequest($"“{path}” is not a path this service understands.", "invalidPath");
        }

        var attribute = match.Groups["attr"].Value;
        if (!knownAttribute(extension is null ? attribute : $"{extension}:{attribute}"))
        {
            throw Scim.BadRequest($"“{attribute}” is not an attribute here.", "invalidPath");
        }

        string? filterAttribute = null, filterValue = null;
        if (match.Groups["filter"].Success)
        {
            var filter = ScimFilterParts().Match(match.Groups["filter"].Value);
            if (!filter.Success)
            {
                throw Scim.BadRequest($"The filter in “{path}” is not supported: write attribute[sub eq \"value\"].", "invalidFilter");
            }

            filterAttribute = filter.Groups["a"].Value;
            filterValue = System.Text.Json.JsonSerializer.Deserialize<string>(filter.Groups["v"].Value);
        }

        return new Target(extension, attribute, filterAttribute, filterValue, match.Groups["sub"].Success ? match.Groups["sub"].Value : null);
    }

    private static JsonObject Container(JsonObject resource, Target target, bool create)
    {
        if (target.Extension is null)
        {
            return resource;
        }

        if (resource.Get(target.Extension) is JsonObject existing)
        {
            return existing;
        }

        var made = new JsonObject();
        if (create)
        {
            resource.SetMember(target.Extension, made);
        }

        return made;
    }

    private static void Set(JsonObject resource, Target target, JsonNode? value, bool add)
    {
        var container = Container(resource, target, create: true);
        if (target.FilterAttribute is not null)
        {
            var list = container.Get(target.Attribute) as JsonArray ?? [];
            container.SetMember(target.Attribute, list);
            var matches = Matching(list, target).ToList();
            if (matches.Count == 0)
            {
                var item = new JsonObject { [target.FilterAttribute] = target.FilterValue };
                list.Add(item);
                matches.Add(item);
            }

            foreach (var item in matches)
            {
                if (target.Sub is not null)
                {
                    item.SetMember(target.Sub, value);
                }
                else if (value is JsonObject fields)
                {
                    foreach (var (name, v) in fields.ToList())
                    {
                        item.SetMember(name, v?.DeepClone());
                    }
                }
            }

            return;
        }

        if (target.Sub is not null)
        {
            var parent = container.Get(target.Attribute) as JsonObject ?? [];
            container.SetMember(target.Attribute, parent);
            parent.SetMember(target.Sub, value);
            return;
        }

        if (container.Get(target.Attribute) is JsonArray existing && add)
        {
            foreach (var item in value is JsonArray items ? items.ToList() : [value])
            {
                var key = Scim.Text((item as JsonObject)?.Get("value"));
                if (key is null || !existing.OfType<JsonObject>().Any(e => Scim.Text(e.Get("value")) == key))
                {
                    existing.Add(item?.DeepClone());
                }
            }

            return;
        }

        container.SetMember(target.Attribute, value);
    }

    private static void Remove(JsonObject resource, Target target, JsonNode? value)
    {
        var container = Container(resource, target, create: false);
        if (target.FilterAttribute is not null)
        {
            if (container.Get(target.Attribute) is not JsonArray list)
            {
                return;
            }

            foreach (var item in Matching(list, target).ToList())
            {
                if (target.Sub is null)
                {
                    list.Remove(item);
                }
                else
                {
                    item.RemoveMember(target.Sub);
                }
            }

            return;
        }

        if (target.Sub is not null)
        {
            (container.Get(target.Attribute) as JsonObject)?.RemoveMember(target.Sub);
            return;
        }

        // Entra and Okta remove members by listing them as the value of a path-only remove.
        if (value is JsonArray listed && container.Get(target.Attribute) is JsonArray current)
        {
            var keys = listed.OfType<JsonObject>().Select(i => Scim.Text(i.Get("value"))).ToHashSet(StringComparer.Ordinal);
            foreach (var item in current.OfType<JsonObject>().Where(i => keys.Contains(Scim.Text(i.Get("value")))).ToList())
            {
                current.Remove(item);
            }

            return;
        }

        container.RemoveMember(target.Attribute);
    }

    private static IEnumerable<JsonObject> Matching(JsonArray list, Target target) =>
        list.OfType<JsonObject>().Where(item => string.Equals(Scim.Text(item.Get(target.FilterAttribute!)), target.FilterValue,
            string.Equals(target.FilterAttribute, "value", StringComparison.OrdinalIgnoreCase) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("""^(?<attr>[A-Za-z][\w$-]*)(\[(?<filter>[^\]]*)\])?(\.(?<sub>[A-Za-z$][\w$-]*))?$""", RegexOptions.CultureInvariant)]
    private static partial Regex PathShape();

    [GeneratedRegex("""^\s*(?<a>[A-Za-z][\w$-]*)\s+eq\s+(?<v>"(?:[^"\\]|\\.)*")\s*$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScimFilterParts();
}
