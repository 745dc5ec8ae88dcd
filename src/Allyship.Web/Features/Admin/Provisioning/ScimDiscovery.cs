using System.Text.Json.Nodes;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>ResourceTypes and Schemas (RFC 7643 §6, §7): what this service keeps of a User and a Group.</summary>
public static class ScimDiscovery
{
    public static List<JsonObject> ResourceTypes(string baseUrl) =>
    [
        new()
        {
            ["schemas"] = new JsonArray(Scim.ResourceTypeSchema), ["id"] = "User", ["name"] = "User", ["endpoint"] = "/Users",
            ["description"] = "A person in the company: an entry in the colleague directory.", ["schema"] = Scim.UserSchema,
            ["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = Scim.EnterpriseSchema, ["required"] = false }),
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/User" },
        },
        new()
        {
            ["schemas"] = new JsonArray(Scim.ResourceTypeSchema), ["id"] = "Group", ["name"] = "Group", ["endpoint"] = "/Groups",
            ["description"] = "A group of people; an admin may map it to the mentors of a program.", ["schema"] = Scim.GroupSchema,
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/Group" },
        },
    ];

    public static List<JsonObject> Schemas(string baseUrl, ProvisioningOptions options)
    {
        var level = ScimUsers.LevelPath.From(options.LevelAttribute);
        var user = new JsonArray(
            Attribute("userName", required: true, uniqueness: "server", description: "Her sign-in name; kept as her email when no work email is sent."),
            Attribute("name", type: "complex", sub: [Attribute("formatted"), Attribute("givenName"), Attribute("familyName")]),
            Attribute("displayName", description: "Her name in the directory."),
            Attribute("active", type: "boolean", description: "false: she has left (her account is deactivated, her history stays)."),
            Attribute("preferredLanguage", description: "The language of her emails and pages (fr, es-MX); without it, the program's language."),
            Attribute("emails", type: "complex", multi: true, sub: [Attribute("value"), Attribute("type"), Attribute("primary", type: "boolean")]));
        var enterprise = new JsonArray(Attribute("department"), Attribute("employeeNumber"),
            Attribute("manager", type: "complex", sub: [Attribute("value"), Attribute("$ref", type: "reference"), Attribute("displayName", mutability: "readOnly")]));
        JsonObject? custom = null;
        var levelAttribute = Attribute(level.Attribute, description: "Her level in the directory.");
        if (level.Extension is null)
        {
            user.Add(levelAttribute);
        }
        else if (string.Equals(level.Extension, Scim.EnterpriseSchema, StringComparison.OrdinalIgnoreCase))
        {
            enterprise.Add(levelAttribute);
        }
        else
        {
            custom = Schema(level.Extension, "Level", "Where the company keeps the directory's level.", new JsonArray(levelAttribute), baseUrl);
        }

        List<JsonObject> schemas =
        [
            Schema(Scim.UserSchema, "User", "A person in the company.", user, baseUrl),
            Schema(Scim.EnterpriseSchema, "EnterpriseUser", "Enterprise user.", enterprise, baseUrl),
            Schema(Scim.GroupSchema, "Group", "A group of people.", new JsonArray(
                Attribute("displayName", required: true),
                Attribute("members", type: "complex", multi: true, sub: [Attribute("value", mutability: "immutable"), Attribute("$ref", type: "reference"), Attribute("display", mutability: "readOnly")])), baseUrl),
        ];
        if (custom is not null)
        {
            schemas.Add(custom);
        }

        return schemas;
    }

    private static JsonObject Schema(string id, string name, string description, JsonArray attributes, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(Scim.SchemaSchema), ["id"] = id, ["name"] = name, ["description"] = description, ["attributes"] = attributes,
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseUrl}/Schemas/{id}" },
    };

    private static JsonObject Attribute(string name, string type = "string", bool multi = false, bool required = false, string mutability = "readWrite",
        string uniqueness = "none", string? description = null, JsonObject[]? sub = null)
    {
        var attribute = new JsonObject
        {
            ["name"] = name, ["type"] = type, ["multiValued"] = multi, ["required"] = required, ["caseExact"] = false,
            ["mutability"] = mutability, ["returned"] = "default", ["uniqueness"] = uniqueness,
        };
        if (description is not null)
        {
            attribute["description"] = description;
        }

        if (sub is not null)
        {
            attribute["subAttributes"] = new JsonArray([.. sub]);
        }

        return attribute;
    }
}
