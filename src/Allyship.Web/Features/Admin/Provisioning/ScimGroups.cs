using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>
/// SCIM Groups: kept as the identity provider pushes them (name, members). An admin maps a group to a program on the
/// Provisioning page; from then on its membership enrols and un-enrols that program's mentors (<see cref="GroupEnrolments"/>).
/// </summary>
public static class ScimGroups
{
    private static readonly HashSet<string> Attributes = new(StringComparer.OrdinalIgnoreCase) { "schemas", "id", "externalId", "meta", "displayName", "members" };

    public static readonly IReadOnlyCollection<string> Filterable = ["displayname", "externalid", "id"];

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, GroupEnrolments enrolments, IOptions<ProvisioningOptions> options)
    {
        private readonly ProvisioningOptions _options = options.Value;

        public static bool Knows(string name) => Attributes.Contains(name);

        /// <summary>
        /// A request may list at most <see cref="ProvisioningOptions.MaxMembersPerRequest"/> members (in members, or in a
        /// patch's values): more is 400 tooMany before anything is read or changed. A group may hold more, sent in parts.
        /// </summary>
        public void CheckSize(JsonObject body)
        {
            var listed = (body.Get("members") as JsonArray)?.Count ?? 0;
            foreach (var operation in (body.Get("Operations") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                listed += operation.Get("value") switch
                {
                    JsonArray values => values.Count,
                    JsonObject value => (value.Get("members") as JsonArray)?.Count ?? 0,
                    _ => 0,
                };
            }

            if (listed > _options.MaxMembersPerRequest)
            {
                throw Scim.BadRequest($"{listed} members in one request is more than this service takes ({_options.MaxMembersPerRequest}): send them in several requests.", "tooMany");
            }
        }

        public async Task<JsonObject> GetAsync(string id, bool withMembers, string baseUrl, CancellationToken ct) =>
            (await ToResourcesAsync([await FindAsync(id, tracked: false, ct)], withMembers, baseUrl, ct))[0];

        public async Task<JsonObject> ListAsync(string? filter, int? startIndex, int? count, bool withMembers, string baseUrl, CancellationToken ct)
        {
            var query = db.ScimGroups.AsNoTracking();
            foreach (var condition in ScimFilter.Parse(filter, Filterable))
            {
                var value = condition.Value ?? "";
                query = condition.Attribute switch
                {
                    "displayname" => query.Where(g => g.DisplayName == value),
                    "externalid" => query.Where(g => g.ExternalId == value),
                    _ => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? query.Where(g => g.Id == n) : query.Where(g => false),
                };
            }

            var skip = Math.Max(1, startIndex ?? 1) - 1;
            var take = Math.Clamp(count ?? _options.MaxResults, 0, _options.MaxResults);
            var total = await query.CountAsync(ct);
            var page = take == 0 ? [] : await query.Include(g => g.Members).OrderBy(g => g.Id).Skip(skip).Take(take).ToListAsync(ct);
            if (withMembers)
            {
                // The answer stays bounded: groups whose members would pass MaxMembersPerRequest wait for the next page
                // (itemsPerPage says how many came), except the first, which comes whole.
                var listed = 0;
                page = [.. page.TakeWhile((g, i) => (listed += g.Members.Count) <= _options.MaxMembersPerRequest || i == 0)];
            }

            return ScimUsers.Handler.ListResponse(await ToResourcesAsync(page, withMembers, baseUrl, ct), total, skip + 1);
        }

        public Task<JsonObject> CreateAsync(ClaimsPrincipal actor, JsonObject body, string baseUrl, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var (name, externalId, members) = await ReadAsync(body, "invalidSyntax", ct);
                if (await db.ScimGroups.AnyAsync(g => g.DisplayName == name, ct))
                {
                    throw new ScimException(StatusCodes.Status409Conflict, $"A group named “{name}” already exists.", "uniqueness");
                }

                var group = new ScimGroup { DisplayName = name, ExternalId = externalId, Members = [.. members.Select(id => new ScimGroupMember { ColleagueId = id })] };
                db.ScimGroups.Add(group);
                audit.Record(actor, "provisioning.group-create", name, $"{members.Count} members");
                await db.SaveChangesAsync(ct);
                return (await ToResourcesAsync([group], true, baseUrl, ct))[0];
            }, ct);

        public Task<JsonObject> ReplaceAsync(ClaimsPrincipal actor, string id, JsonObject body, HttpRequest request, string baseUrl, CancellationToken ct) =>
            ChangeAsync(actor, id, request, baseUrl, _ => body, "invalidSyntax", ct);

        public Task<JsonObject> PatchAsync(ClaimsPrincipal actor, string id, JsonObject body, HttpRequest request, string baseUrl, CancellationToken ct) =>
            ChangeAsync(actor, id, request, baseUrl, current =>
            {
                ScimPatch.Apply(current, body, Knows);
                return current;
            }, "invalidPath", ct);

        /// <summary>The group goes; a mapped group's members leave its program (their history stays).</summary>
        public Task DeleteAsync(ClaimsPrincipal actor, string id, HttpRequest request, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var group = await FindAsync(id, tracked: true, ct);
                Scim.CheckIfMatch(request, Scim.Version(group.Version, group.UpdatedUtc));
                var members = group.Members.Select(m => m.ColleagueId).ToList();
                group.Members.Clear();
                await db.SaveChangesAsync(ct);
                await enrolments.SyncAsync(actor, group, [], members, ct);
                db.ScimGroups.Remove(group);
                audit.Record(actor, "provisioning.group-delete", group.DisplayName);
                return true;
            }, ct);

        private Task<JsonObject> ChangeAsync(ClaimsPrincipal actor, string id, HttpRequest request, string baseUrl, Func<JsonObject, JsonObject> change, string unknownType, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var group = await FindAsync(id, tracked: true, ct);
                var current = (await ToResourcesAsync([group], true, baseUrl, ct))[0];
                Scim.CheckIfMatch(request, current["meta"]!["version"]!.GetValue<string>());
                var (name, externalId, members) = await ReadAsync(change(current), unknownType, ct);
                if (name != group.DisplayName && await db.ScimGroups.AnyAsync(g => g.DisplayName == name && g.Id != group.Id, ct))
                {
                    throw new ScimException(StatusCodes.Status409Conflict, $"A group named “{name}” already exists.", "uniqueness");
                }

                var before = group.Members.Select(m => m.ColleagueId).ToHashSet();
                var removed = before.Except(members).ToList();
                var added = members.Except(before).ToList();
                if (name != group.DisplayName || externalId != group.ExternalId || removed.Count + added.Count > 0)
                {
                    group.DisplayName = name;
                    group.ExternalId = externalId;
                    group.Members.RemoveAll(m => removed.Contains(m.ColleagueId));
                    group.Members.AddRange(added.Select(c => new ScimGroupMember { ColleagueId = c }));
                    group.Version++;
                    audit.Record(actor, "provisioning.group-update", name,
                        $"{added.Count} added, {removed.Count} removed, {members.Count} members");
                }

                await db.SaveChangesAsync(ct);
                await enrolments.SyncAsync(actor, group, added, removed, ct);
                await db.SaveChangesAsync(ct);
                return (await ToResourcesAsync([group], true, baseUrl, ct))[0];
            }, ct);

        private async Task<ScimGroup> FindAsync(string id, bool tracked, CancellationToken ct)
        {
            var query = tracked ? db.ScimGroups.Include(g => g.Members) : db.ScimGroups.AsNoTracking().Include(g => g.Members);
            return int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && await query.SingleOrDefaultAsync(g => g.Id == n, ct) is { } found
                ? found
                : throw Scim.NotFound($"Group {id}");
        }

        private async Task<(string Name, string? ExternalId, List<int> Members)> ReadAsync(JsonObject body, string unknownType, CancellationToken ct)
        {
            if (body.Select(p => p.Key).FirstOrDefault(k => !Knows(k)) is { } unknown)
            {
                throw Scim.BadRequest($"“{unknown}” is not a Group attribute here.", unknownType);
            }

            var name = Scim.Text(body.Get("displayName"))?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > ScimGroup.DisplayNameMaxLength)
            {
                throw Scim.BadRequest($"displayName is required, at most {ScimGroup.DisplayNameMaxLength} characters.");
            }

            var externalId = Scim.Text(body.Get("externalId"));
            if (externalId is { Length: > Colleague.ExternalIdMaxLength })
            {
                throw Scim.BadRequest($"externalId can be at most {Colleague.ExternalIdMaxLength} characters.");
            }

            var listed = body.Get("members") switch
            {
                null => [],
                JsonArray array => array.Select(m => m is JsonObject o ? Scim.Text(o.Get("value")) : null).ToList(),
                _ => throw Scim.BadRequest("members is a list of {\"value\": user id}.", "invalidSyntax"),
            };
            var ids = new List<int>();
            foreach (var value in listed)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    throw Scim.BadRequest($"“{value}” is not a user id here.");
                }

                ids.Add(n);
            }

            ids = [.. ids.Distinct()];
            var known = await db.Colleagues.Where(c => ids.Contains(c.Id)).Where(Colleague.Present).Select(c => c.Id).ToListAsync(ct);
            if (ids.Except(known).FirstOrDefault() is var missing and > 0)
            {
                throw Scim.BadRequest($"There is no user {missing}: create the user before adding her to a group.");
            }

            return (name, externalId, ids);
        }

        private async Task<List<JsonObject>> ToResourcesAsync(IReadOnlyList<ScimGroup> groups, bool withMembers, string baseUrl, CancellationToken ct)
        {
            var memberIds = withMembers ? groups.SelectMany(g => g.Members.Select(m => m.ColleagueId)).Distinct().ToList() : [];
            var names = memberIds.Count == 0 ? []
                : await db.Colleagues.AsNoTracking().Where(c => memberIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            return groups.Select(g =>
            {
                var resource = new JsonObject
                {
                    ["schemas"] = new JsonArray(Scim.GroupSchema),
                    ["id"] = g.Id.ToString(CultureInfo.InvariantCulture),
                    ["externalId"] = g.ExternalId,
                    ["displayName"] = g.DisplayName,
                };
                if (withMembers)
                {
                    resource["members"] = new JsonArray([.. g.Members.OrderBy(m => m.ColleagueId).Select(m => (JsonNode)new JsonObject
                    {
                        ["value"] = m.ColleagueId.ToString(CultureInfo.InvariantCulture),
                        ["$ref"] = $"{baseUrl}/Users/{m.ColleagueId}",
                        ["display"] = names.GetValueOrDefault(m.ColleagueId),
                    })]);
                }

                resource["meta"] = new JsonObject
                {
                    ["resourceType"] = "Group",
                    ["created"] = Scim.Timestamp(g.CreatedUtc),
                    ["lastModified"] = Scim.Timestamp(g.UpdatedUtc),
                    ["location"] = $"{baseUrl}/Groups/{g.Id}",
                    ["version"] = Scim.Version(g.Version, g.UpdatedUtc),
                };
                return resource;
            }).ToList();
        }
    }
}
