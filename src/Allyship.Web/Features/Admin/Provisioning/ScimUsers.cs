using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>
/// SCIM Users: a user is a person in the company, that is, a colleague in the directory (name, email, department,
/// level, leader flag by <see cref="ProvisioningOptions"/>). Her account, when she has one (she signed in with the
/// company's sign-in or accepted an invitation), is found by her email: deprovisioning her (active=false or DELETE)
/// marks her entry as having left and deactivates the account through <see cref="AccountAccess"/>, the admin's own
/// path; provisioning her again restores both. SCIM never grants a role that opens admin or HR pages.
/// </summary>
public static class ScimUsers
{
    /// <summary>Core attributes of RFC 7643's User this service accepts; those not kept (phone numbers, addresses…) are read and let go.</summary>
    private static readonly HashSet<string> CoreAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "schemas", "id", "externalId", "meta", "userName", "name", "displayName", "nickName", "profileUrl", "title", "userType",
        "preferredLanguage", "locale", "timezone", "active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses",
        "groups", "entitlements", "roles", "x509Certificates",
    };

    private static readonly HashSet<string> EnterpriseAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "employeeNumber", "costCenter", "organization", "division", "department", "manager",
    };

    /// <summary>The attributes a filter may name on Users.</summary>
    public static readonly IReadOnlyCollection<string> Filterable = ["username", "externalid", "emails.value", "id", "displayname"];

    /// <summary>Where the level lives: the extension's name (null for a core attribute) and the attribute's.</summary>
    public sealed record LevelPath(string? Extension, string Attribute)
    {
        public static LevelPath From(string configured)
        {
            var at = configured.LastIndexOf(':');
            return at < 0 ? new LevelPath(null, configured) : new LevelPath(configured[..at], configured[(at + 1)..]);
        }
    }

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, AccountAccess.Handler access, AuditLog audit,
        GroupEnrolments enrolments, TimeProvider clock, IOptions<ProvisioningOptions> options)
    {
        private readonly ProvisioningOptions _options = options.Value;
        private LevelPath Level => LevelPath.From(_options.LevelAttribute);

        /// <summary>Whether an attribute (core, "urn:ext" or "urn:ext:attr") is one a User may carry.</summary>
        public bool Knows(string name)
        {
            var level = Level;
            if (!name.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
            {
                return CoreAttributes.Contains(name) || (level.Extension is null && string.Equals(level.Attribute, name, StringComparison.OrdinalIgnoreCase));
            }

            if (string.Equals(name, Scim.EnterpriseSchema, StringComparison.OrdinalIgnoreCase)
                || (level.Extension is not null && string.Equals(name, level.Extension, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            var at = name.LastIndexOf(':');
            var (extension, attribute) = (name[..at], name[(at + 1)..]);
            return (string.Equals(extension, Scim.EnterpriseSchema, StringComparison.OrdinalIgnoreCase) && EnterpriseAttributes.Contains(attribute))
                || (level.Extension is not null && string.Equals(extension, level.Extension, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(attribute, level.Attribute, StringComparison.OrdinalIgnoreCase));
        }

        private IQueryable<Colleague> Provisioned => db.Colleagues.Where(Colleague.Present).Where(c => !c.ScimRemoved);

        public async Task<JsonObject> GetAsync(string id, string baseUrl, CancellationToken ct)
        {
            var colleague = await FindAsync(id, tracked: false, ct);
            return (await ToResourcesAsync([colleague], baseUrl, ct))[0];
        }

        public async Task<JsonObject> ListAsync(string? filter, int? startIndex, int? count, string baseUrl, CancellationToken ct)
        {
            var query = Provisioned.AsNoTracking();
            foreach (var condition in ScimFilter.Parse(filter, Filterable))
            {
                var value = condition.Value ?? "";
                query = condition.Attribute switch
                {
                    "username" => ByUserName(query, value),
                    "emails.value" => query.Where(c => c.Email == Colleague.NormalizeEmail(value)),
                    "externalid" => query.Where(c => c.ScimExternalId == value),
                    "displayname" => query.Where(c => c.Name == value),
                    _ => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? query.Where(c => c.Id == n) : query.Where(c => false),
                };
            }

            var (skip, take) = Page(startIndex, count);
            var total = await query.CountAsync(ct);
            var page = take == 0 ? [] : await query.OrderBy(c => c.Id).Skip(skip).Take(take).ToListAsync(ct);
            return ListResponse(await ToResourcesAsync(page, baseUrl, ct), total, skip + 1);
        }

        /// <summary>userName compares without regard to case (RFC 7643: caseExact false); without one of her own it is her email.</summary>
        private static IQueryable<Colleague> ByUserName(IQueryable<Colleague> query, string userName)
        {
            var lower = userName.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // EF turns ToLower() into SQL lower(); string.Equals with a StringComparison does not translate
            return query.Where(c => c.ScimUserName == null ? c.Email == lower : c.ScimUserName.ToLower() == lower);
#pragma warning restore CA1862
        }

        /// <summary>startIndex from 1, count at most <see cref="ProvisioningOptions.MaxResults"/> (RFC 7644 §3.4.2.4: fewer is allowed).</summary>
        public (int Skip, int Take) Page(int? startIndex, int? count) =>
            (Math.Max(1, startIndex ?? 1) - 1, Math.Clamp(count ?? _options.MaxResults, 0, _options.MaxResults));

        public static JsonObject ListResponse(IReadOnlyList<JsonObject> resources, int total, int startIndex) => new()
        {
            ["schemas"] = new JsonArray(Scim.ListSchema),
            ["totalResults"] = total,
            ["startIndex"] = startIndex,
            ["itemsPerPage"] = resources.Count,
            ["Resources"] = new JsonArray([.. resources]),
        };

        public Task<JsonObject> CreateAsync(ClaimsPrincipal actor, JsonObject body, string baseUrl, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var incoming = Read(body, "invalidSyntax");
                if (await ByUserName(Provisioned, incoming.UserName).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct) is { } taken)
                {
                    throw new ScimException(StatusCodes.Status409Conflict, $"A user with the userName {incoming.UserName} already exists (id {taken}).", "uniqueness");
                }

                var existing = await db.Colleagues.SingleOrDefaultAsync(c => c.Email == Colleague.NormalizeEmail(incoming.Details.Email ?? ""), ct);
                Colleague colleague;
                if (existing is null)
                {
                    colleague = new Colleague();
                    db.Colleagues.Add(colleague);
                }
                else if (existing.ScimRemoved || existing.ScimVersion == 0)
                {
                    // Deleted by the identity provider before and back, or in the directory before provisioning began (an
                    // import, a mentor's log form): the same entry, with her history, from now on kept by the provider.
                    colleague = existing;
                    colleague.ScimRemoved = false;
                }
                else
                {
                    throw new ScimException(StatusCodes.Status409Conflict, $"A user with the email {existing.Email} already exists (id {existing.Id}).", "uniqueness");
                }

                await ApplyAsync(actor, colleague, incoming, created: true, ct);
                await db.SaveChangesAsync(ct);
                return (await ToResourcesAsync([colleague], baseUrl, ct))[0];
            }, ct, retryWhenBeatenTo: true);

        public Task<JsonObject> ReplaceAsync(ClaimsPrincipal actor, string id, JsonObject body, HttpRequest request, string baseUrl, CancellationToken ct) =>
            ChangeAsync(actor, id, request, baseUrl, _ => Read(body, "invalidSyntax"), ct);

        public Task<JsonObject> PatchAsync(ClaimsPrincipal actor, string id, JsonObject body, HttpRequest request, string baseUrl, CancellationToken ct) =>
            ChangeAsync(actor, id, request, baseUrl, current =>
            {
                var before = current.DeepClone();
                ScimPatch.Apply(current, body, Knows);
                // The resource shows one full name; a patch of its parts (Entra's name.givenName) is the newer name.
                var nameBefore = before["name"] as JsonObject;
                if (current.Get("name") is JsonObject nameAfter && !JsonNode.DeepEquals(nameBefore, nameAfter))
                {
                    if (JsonNode.DeepEquals(nameBefore?["formatted"], nameAfter.Get("formatted")))
                    {
                        nameAfter.RemoveMember("formatted");
                    }

                    if (JsonNode.DeepEquals(before["displayName"], current.Get("displayName")))
                    {
                        current.RemoveMember("displayName");
                    }
                }

                return Read(current, "invalidPath");
            }, ct);

        /// <summary>DELETE: she has left and provisioning no longer finds her; the entry and her history stay.</summary>
        public Task DeleteAsync(ClaimsPrincipal actor, string id, HttpRequest request, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var colleague = await FindAsync(id, tracked: true, ct);
                Scim.CheckIfMatch(request, Scim.Version(colleague.ScimVersion, colleague.UpdatedUtc));
                await LeaveAsync(actor, colleague, ct);
                colleague.ScimRemoved = true;
                colleague.ScimExternalId = null;
                colleague.ScimUserName = null;
                colleague.ScimVersion++;
                await db.ScimGroupMembers.Where(m => m.ColleagueId == colleague.Id).ExecuteDeleteAsync(ct);
                audit.Record(actor, "provisioning.delete", colleague.Email);
                return true;
            }, ct);

        private Task<JsonObject> ChangeAsync(ClaimsPrincipal actor, string id, HttpRequest request, string baseUrl, Func<JsonObject, Incoming> change, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var colleague = await FindAsync(id, tracked: true, ct);
                var current = (await ToResourcesAsync([colleague], baseUrl, ct))[0];
                Scim.CheckIfMatch(request, current["meta"]!["version"]!.GetValue<string>());
                var incoming = change(current);
                if (await ByUserName(Provisioned, incoming.UserName).AnyAsync(c => c.Id != colleague.Id, ct))
                {
                    throw new ScimException(StatusCodes.Status409Conflict, $"Another user already has the userName {incoming.UserName}.", "uniqueness");
                }

                var email = Colleague.NormalizeEmail(incoming.Details.Email ?? "");
                if (email != colleague.Email && await db.Colleagues.AnyAsync(c => c.Email == email && c.Id != colleague.Id, ct))
                {
                    throw new ScimException(StatusCodes.Status409Conflict, $"Another user already has the email {email}.", "uniqueness");
                }

                await ApplyAsync(actor, colleague, incoming, created: false, ct);
                await db.SaveChangesAsync(ct);
                return (await ToResourcesAsync([colleague], baseUrl, ct))[0];
            }, ct);

        private async Task<Colleague> FindAsync(string id, bool tracked, CancellationToken ct)
        {
            var query = tracked ? Provisioned : Provisioned.AsNoTracking();
            return int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && await query.SingleOrDefaultAsync(c => c.Id == n, ct) is { } found
                ? found
                : throw Scim.NotFound($"User {id}");
        }

        /// <summary>What a request says about her, read from a whole resource (a POST, a PUT, or a patched resource).</summary>
        private sealed record Incoming(Colleague.Details Details, string UserName, string? ExternalId, string? EmployeeNumber, string? ManagerId, bool Active);

        private Incoming Read(JsonObject body, string unknownType)
        {
            foreach (var (attribute, value) in body)
            {
                if (!Knows(attribute))
                {
                    throw Scim.BadRequest($"“{attribute}” is not a User attribute here.", unknownType);
                }

                if (attribute.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && value is JsonObject extension
                    && extension.Select(p => p.Key).FirstOrDefault(inner => !Knows($"{attribute}:{inner}")) is { } unknown)
                {
                    throw Scim.BadRequest($"“{unknown}” is not an attribute of {attribute}.", unknownType);
                }
            }

            var userName = Scim.Text(body.Get("userName"));
            if (string.IsNullOrWhiteSpace(userName))
            {
                throw Scim.BadRequest("userName is required: the person's sign-in name, usually her work email.");
            }

            var emails = (body.Get("emails") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            var email = Scim.Text((emails.FirstOrDefault(e => Scim.Boolean(e.Get("primary")) == true)
                ?? emails.FirstOrDefault(e => string.Equals(Scim.Text(e.Get("type")), "work", StringComparison.OrdinalIgnoreCase))
                ?? emails.FirstOrDefault())?.Get("value")) ?? userName;
            var name = body.Get("name") as JsonObject;
            var fullName = Scim.Text(body.Get("displayName")) ?? Scim.Text(name?.Get("formatted"))
                ?? (string.Join(' ', new[] { Scim.Text(name?.Get("givenName")), Scim.Text(name?.Get("familyName")) }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } joined ? joined : userName);
            var enterprise = body.Get(Scim.EnterpriseSchema) as JsonObject;
            var manager = enterprise?.Get("manager") switch
            {
                JsonObject m => Scim.Text(m.Get("value")),
                JsonValue v => Scim.Text(v), // Entra sends the manager's id on its own
                _ => null,
            };
            var level = Level.Extension is null ? Scim.Text(body.Get(Level.Attribute)) : Scim.Text((body.Get(Level.Extension) as JsonObject)?.Get(Level.Attribute));
            bool? leader = _options.LeaderLevels.Count == 0 ? null
                : level is not null && _options.LeaderLevels.Contains(level.Trim(), StringComparer.OrdinalIgnoreCase);
            var externalId = Scim.Text(body.Get("externalId"));
            if (externalId is { Length: > Colleague.ExternalIdMaxLength })
            {
                throw Scim.BadRequest($"externalId can be at most {Colleague.ExternalIdMaxLength} characters.");
            }

            var employeeNumber = Scim.Text(enterprise?.Get("employeeNumber"));
            if (employeeNumber is { Length: > Colleague.EmployeeNumberMaxLength })
            {
                throw Scim.BadRequest($"employeeNumber can be at most {Colleague.EmployeeNumberMaxLength} characters.");
            }

            // preferredLanguage is written as Accept-Language is ("es-MX, es;q=0.8"): her first one, else her locale's language.
            // One the directory cannot read leaves her on the program's language rather than refusing her entry.
            var language = (Scim.Text(body.Get("preferredLanguage")) ?? Scim.Text(body.Get("locale")))?.Split(',')[0].Split(';')[0];
            var details = new Colleague.Details(fullName, email, Scim.Text(enterprise?.Get("department")), level, null, leader, Colleague.NormalizeLanguage(language) ?? "");
            if (Colleague.Check(details) is { Count: > 0 } errors)
            {
                throw Scim.BadRequest(string.Join(" ", errors.Select(e => e.Message)));
            }

            if (userName.Trim().Length > Colleague.ExternalIdMaxLength)
            {
                throw Scim.BadRequest($"userName can be at most {Colleague.ExternalIdMaxLength} characters.");
            }

            return new Incoming(details, userName.Trim(), externalId, employeeNumber, manager, Scim.Boolean(body.Get("active")) ?? true);
        }

        private async Task ApplyAsync(ClaimsPrincipal actor, Colleague colleague, Incoming incoming, bool created, CancellationToken ct)
        {
            string? managerEmail = null;
            if (incoming.ManagerId is { } managerId && int.TryParse(managerId, NumberStyles.None, CultureInfo.InvariantCulture, out var mid))
            {
                managerEmail = await db.Colleagues.Where(c => c.Id == mid && c.Id != colleague.Id).Select(c => c.Email).SingleOrDefaultAsync(ct);
            }

            var details = incoming.Details with { ManagerEmail = managerEmail };
            var changed = created || colleague.Differs(details) || colleague.Email != Colleague.NormalizeEmail(details.Email!)
                || colleague.ScimExternalId != incoming.ExternalId || (colleague.ScimUserName ?? colleague.Email) != incoming.UserName || colleague.EmployeeNumber != incoming.EmployeeNumber;
            colleague.Apply(details);
            colleague.ScimUserName = string.Equals(incoming.UserName, colleague.Email, StringComparison.OrdinalIgnoreCase) ? null : incoming.UserName;
            colleague.ScimExternalId = incoming.ExternalId;
            colleague.EmployeeNumber = incoming.EmployeeNumber;
            if (created)
            {
                audit.Record(actor, "provisioning.create", colleague.Email);
            }
            else if (changed)
            {
                audit.Record(actor, "provisioning.update", colleague.Email);
            }

            if (!incoming.Active && colleague.IsStillHere)
            {
                if (colleague.Id == 0)
                {
                    await db.SaveChangesAsync(ct); // a user created as inactive: her entry first, then she has left
                }

                await LeaveAsync(actor, colleague, ct);
                changed = true;
            }
            else if (incoming.Active && !colleague.IsStillHere)
            {
                await ReturnAsync(actor, colleague, ct);
                changed = true;
            }

            if (changed)
            {
                colleague.ScimVersion++;
            }
        }

        /// <summary>She left: out of pickers and emails, her account deactivated (its sessions end within a minute).</summary>
        private async Task LeaveAsync(ClaimsPrincipal actor, Colleague colleague, CancellationToken ct)
        {
            if (!colleague.IsStillHere)
            {
                return;
            }

            colleague.LeftUtc = clock.GetUtcNow().UtcDateTime;
            string? account = null;
            if (await users.FindByEmailAsync(colleague.Email) is { } user)
            {
                var change = await access.DeactivateWithinAsync(actor, user, ct);
                account = change.Done ? "account deactivated" : $"account kept: {change.Message}";
            }

            audit.Record(actor, "provisioning.left", colleague.Email, account);
        }

        /// <summary>She is back: in pickers again, and the account deactivated when she left may sign in again.</summary>
        private async Task ReturnAsync(ClaimsPrincipal actor, Colleague colleague, CancellationToken ct)
        {
            var left = colleague.LeftUtc;
            colleague.LeftUtc = null;
            string? account = null;
            if (await users.FindByEmailAsync(colleague.Email) is { DeactivatedUtc: { } deactivated } user && deactivated >= left)
            {
                var change = await access.ReactivateWithinAsync(actor, user);
                account = change.Done ? "account reactivated" : $"account kept deactivated: {change.Message}";
            }

            audit.Record(actor, "provisioning.returned", colleague.Email, account);
            await enrolments.RestoreAsync(actor, colleague.Id, ct);
        }

        /// <summary>
        /// The directory keeps one full name; its parts are read back as the last word (family name) and the rest, so a
        /// patch of one part (Entra's name.familyName) changes just that part of the name.
        /// </summary>
        private static JsonObject NameOf(string fullName)
        {
            var at = fullName.LastIndexOf(' ');
            return at <= 0
                ? new JsonObject { ["formatted"] = fullName, ["givenName"] = fullName }
                : new JsonObject { ["formatted"] = fullName, ["givenName"] = fullName[..at], ["familyName"] = fullName[(at + 1)..] };
        }

        public async Task<List<JsonObject>> ToResourcesAsync(IReadOnlyList<Colleague> colleagues, string baseUrl, CancellationToken ct)
        {
            var managerEmails = colleagues.Select(c => c.ManagerEmail).OfType<string>().Distinct().ToList();
            var managers = managerEmails.Count == 0 ? []
                : await db.Colleagues.AsNoTracking().Where(c => managerEmails.Contains(c.Email)).Select(c => new { c.Email, c.Id, c.Name }).ToDictionaryAsync(c => c.Email, ct);
            var level = Level;
            return colleagues.Select(c =>
            {
                var version = Scim.Version(c.ScimVersion, c.UpdatedUtc);
                var enterprise = new JsonObject { ["department"] = c.Department, ["employeeNumber"] = c.EmployeeNumber };
                if (c.ManagerEmail is { } me && managers.TryGetValue(me, out var manager))
                {
                    enterprise["manager"] = new JsonObject
                    {
                        ["value"] = manager.Id.ToString(CultureInfo.InvariantCulture), ["$ref"] = $"{baseUrl}/Users/{manager.Id}", ["displayName"] = manager.Name,
                    };
                }

                var schemas = new JsonArray(Scim.UserSchema, Scim.EnterpriseSchema);
                var resource = new JsonObject
                {
                    ["schemas"] = schemas,
                    ["id"] = c.Id.ToString(CultureInfo.InvariantCulture),
                    ["externalId"] = c.ScimExternalId,
                    ["userName"] = c.ScimUserName ?? c.Email,
                    ["name"] = NameOf(c.Name),
                    ["displayName"] = c.Name,
                    ["emails"] = new JsonArray(new JsonObject { ["value"] = c.Email, ["type"] = "work", ["primary"] = true }),
                    ["active"] = c.IsStillHere,
                    ["preferredLanguage"] = c.Language,
                    [Scim.EnterpriseSchema] = enterprise,
                };
                if (level.Extension is null)
                {
                    resource[level.Attribute] = c.Level;
                }
                else if (string.Equals(level.Extension, Scim.EnterpriseSchema, StringComparison.OrdinalIgnoreCase))
                {
                    enterprise[level.Attribute] = c.Level;
                }
                else
                {
                    schemas.Add(level.Extension);
                    resource[level.Extension] = new JsonObject { [level.Attribute] = c.Level };
                }

                resource["meta"] = new JsonObject
                {
                    ["resourceType"] = "User",
                    ["created"] = Scim.Timestamp(c.CreatedUtc),
                    ["lastModified"] = Scim.Timestamp(c.UpdatedUtc),
                    ["location"] = $"{baseUrl}/Users/{c.Id}",
                    ["version"] = version,
                };
                return resource;
            }).ToList();
        }
    }
}
