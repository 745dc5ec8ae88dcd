using System.Net;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// SCIM Users as Entra ID and Okta drive them (the request sequences their provisioning documentation shows): the first
/// "does she exist?" filter, create, update by PATCH or PUT, deactivate, come back, delete. A user is a colleague in
/// the directory; her account, when she has one, follows her.
/// </summary>
public sealed class ScimUserTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly AppFixtureBase _app = app.LogTo(output);
    private TestData Data => new(_app);

    private static string EntraUser(string userName, string email, string externalId) => $$"""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "externalId": "{{externalId}}",
          "userName": "{{userName}}",
          "active": true,
          "emails": [{ "primary": true, "type": "work", "value": "{{email}}" }],
          "meta": { "resourceType": "User" },
          "name": { "formatted": "Dana Okafor", "familyName": "Okafor", "givenName": "Dana" },
          "title": "Analyst",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Engineering", "employeeNumber": "E-1001" },
          "roles": []
        }
        """;

    private Task<Colleague> ColleagueAsync(string id) =>
        _app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Id == int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Entra_ID_creates_updates_deactivates_and_restores_a_person_and_her_account()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var email = $"{TestData.Unique("dana")}@example.com";
        var upn = $"{TestData.Unique("dana.upn")}@corp.example.com";
        var person = await Data.UserAsync(Roles.Mentor);
        await _app.WithDbAsync(async db =>
        {
            // Her account exists already (she accepted an invitation): linked by her email.
            var user = await db.Users.SingleAsync(u => u.Id == person.Id);
            user.Email = email;
            user.NormalizedEmail = email.ToUpperInvariant();
            return await db.SaveChangesAsync();
        });

        // 1. "Does she exist?" by userName, then create.
        (await scim.FindAsync("Users", $"userName eq \"{upn}\"")).ShouldBeNull();
        var created = await scim.PostAsync("/Users", EntraUser(upn, email, "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"));
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        created.Response.Headers.Location!.ToString().ShouldEndWith($"/scim/v2/Users/{created.Id}");
        created.Response.Headers.ETag.ShouldNotBeNull();
        created.Body!["userName"]!.GetValue<string>().ShouldBe(upn);
        var colleague = await ColleagueAsync(created.Id);
        (colleague.Name, colleague.Email, colleague.Department, colleague.Level, colleague.EmployeeNumber).ShouldBe(("Dana Okafor", email, "Engineering", "Analyst", "E-1001"));
        (await scim.FindAsync("Users", $"userName eq \"{upn.ToUpperInvariant()}\""))!["id"]!.GetValue<string>().ShouldBe(created.Id);
        (await scim.FindAsync("Users", "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\""))!["id"]!.GetValue<string>().ShouldBe(created.Id);
        (await scim.FindAsync("Users", $"emails[type eq \"work\"].value eq \"{email}\""))!["id"]!.GetValue<string>().ShouldBe(created.Id);

        // 2. Update with PATCH: Entra's capitalised ops, a multi-valued path, an extension attribute by full name.
        var patched = await scim.PatchAsync($"/Users/{created.Id}", """
            {
              "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              "Operations": [
                { "op": "Replace", "path": "name.familyName", "value": "Okafor-Reyes" },
                { "op": "Replace", "path": "title", "value": "Manager" },
                { "op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Platform" }
              ]
            }
            """);
        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Body?.ToJsonString());
        patched.Response.Headers.ETag!.ToString().ShouldNotBe(created.Response.Headers.ETag!.ToString());
        colleague = await ColleagueAsync(created.Id);
        (colleague.Name, colleague.Level, colleague.Department).ShouldBe(("Dana Okafor-Reyes", "Manager", "Platform"));

        // 3. Deactivate: Entra sends active as the string "False".
        var stampBefore = await _app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.SecurityStamp).SingleAsync());
        var off = await scim.PatchAsync($"/Users/{created.Id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}
            """);
        off.Status.ShouldBe(HttpStatusCode.OK, off.Body?.ToJsonString());
        off.Body!["active"]!.GetValue<bool>().ShouldBeFalse();
        colleague = await ColleagueAsync(created.Id);
        colleague.IsStillHere.ShouldBeFalse();
        colleague.IsPresent.ShouldBeTrue("her history still counts");
        colleague.IsPickable.ShouldBeFalse("she leaves the pickers");
        var account = await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id));
        account.IsActive.ShouldBeFalse();
        account.SecurityStamp.ShouldNotBe(stampBefore, "a new stamp ends her sessions within a minute");
        var audit = await _app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Target == email).Select(a => a.Action).ToListAsync());
        audit.ShouldContain("provisioning.create");
        audit.ShouldContain("provisioning.left");
        audit.ShouldContain("account.deactivate");

        // 4. Back again: both restored.
        var on = await scim.PatchAsync($"/Users/{created.Id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}
            """);
        on.Status.ShouldBe(HttpStatusCode.OK, on.Body?.ToJsonString());
        (await ColleagueAsync(created.Id)).IsPickable.ShouldBeTrue();
        (await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id))).IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task A_deprovisioned_persons_session_ends_within_a_minute()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var person = await Data.UserAsync(Roles.Mentor);
        var browser = await Browser.SignedInAsync(_app, person);
        (await browser.StatusOfAsync("/account")).ShouldBe(HttpStatusCode.OK);

        var created = await scim.PostAsync("/Users", EntraUser(person.Email, person.Email, Guid.NewGuid().ToString()));
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        (await scim.DeleteAsync($"/Users/{created.Id}")).Status.ShouldBe(HttpStatusCode.NoContent);

        _app.Clock.Advance(TimeSpan.FromSeconds(61));
        (await browser.StatusOfAsync("/account")).ShouldBe(HttpStatusCode.Redirect);
        (await scim.GetAsync($"/Users/{created.Id}")).ShouldBeError(HttpStatusCode.NotFound);
        (await _app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == person.Email))).IsPresent.ShouldBeTrue("DELETE keeps her entry and history");
    }

    [Fact]
    public async Task A_colleague_who_left_is_no_longer_offered_to_mentors_and_is_again_when_she_is_back()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var program = await Data.ProgramAsync();
        var mentor = await Browser.SignedInAsync(_app, await Data.MentorAsync(program));
        var surname = TestData.Unique("Quill");
        var email = $"{surname}@example.com";
        var created = await scim.PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email}}","name":{"givenName":"Zelda","familyName":"{{surname}}"} }
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        async Task<int> OfferedAsync()
        {
            using var found = System.Text.Json.JsonDocument.Parse(await mentor.Client.GetStringAsync(new Uri($"/log/coffee?handler=find&q={surname}", UriKind.Relative)));
            return found.RootElement.GetArrayLength();
        }

        (await OfferedAsync()).ShouldBe(1);
        (await scim.PatchAsync($"/Users/{created.Id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        (await OfferedAsync()).ShouldBe(0);

        // Typed by her email on the log form (not picked), she is refused too, with the form's sentence; nothing is logged.
        var typed = await mentor.SubmitAsync($"/week?program={program.Id}", "Log coffee", new()
        {
            ["Input.OccurredOn"] = DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.ColleagueId"] = "", ["Input.NewColleagueName"] = "Zelda", ["Input.NewColleagueEmail"] = email.ToUpperInvariant(),
        });
        typed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await typed.Content.ReadAsStringAsync()).ShouldContain(System.Net.WebUtility.HtmlEncode(Colleague.LeftSentence));
        (await _app.WithDbAsync(db => db.Actions.AnyAsync(a => a.ProgramId == program.Id))).ShouldBeFalse();

        (await scim.PatchAsync($"/Users/{created.Id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"True"}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        (await OfferedAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Okta_finds_creates_replaces_deactivates_and_deletes()
    {
        var scim = await ScimClient.WithTokenAsync(_app, "Okta");
        var email = $"{TestData.Unique("chen")}@example.com";

        // Okta's import and "does she exist?" read: a page of one.
        var probe = await scim.GetAsync($"/Users?filter={Uri.EscapeDataString($"userName eq \"{email}\"")}&startIndex=1&count=100");
        probe.Status.ShouldBe(HttpStatusCode.OK);
        probe.Body!["totalResults"]!.GetValue<int>().ShouldBe(0);
        probe.Body["Resources"]!.AsArray().Count.ShouldBe(0);

        var body = $$"""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "userName": "{{email}}",
              "name": { "givenName": "Chen", "familyName": "Li" },
              "emails": [{ "primary": true, "value": "{{email}}", "type": "work" }],
              "displayName": "Chen Li",
              "locale": "en-US",
              "externalId": "00ujl29u0le5T6Aj10h7",
              "groups": [],
              "password": "1mz050nq",
              "active": true
            }
            """;
        var created = await scim.PostAsync("/Users", body);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        (await scim.PostAsync("/Users", body)).ShouldBeError(HttpStatusCode.Conflict, "uniqueness");

        var fetched = await scim.GetAsync($"/Users/{created.Id}");
        fetched.Status.ShouldBe(HttpStatusCode.OK);
        var replaced = fetched.Body!.DeepClone().AsObject();
        replaced["displayName"] = "Chen Li-Wong";
        replaced[Allyship.Web.Features.Admin.Provisioning.Scim.EnterpriseSchema] = new JsonObject { ["department"] = "Finance" };
        var put = await scim.PutAsync($"/Users/{created.Id}", replaced.ToJsonString());
        put.Status.ShouldBe(HttpStatusCode.OK, put.Body?.ToJsonString());
        var colleague = await ColleagueAsync(created.Id);
        (colleague.Name, colleague.Department).ShouldBe(("Chen Li-Wong", "Finance"));

        var off = await scim.PatchAsync($"/Users/{created.Id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}
            """);
        off.Status.ShouldBe(HttpStatusCode.OK);
        (await ColleagueAsync(created.Id)).IsStillHere.ShouldBeFalse();

        (await scim.DeleteAsync($"/Users/{created.Id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await scim.GetAsync($"/Users/{created.Id}")).ShouldBeError(HttpStatusCode.NotFound);
        (await scim.FindAsync("Users", $"userName eq \"{email}\"")).ShouldBeNull();

        // Provisioned again later: the same directory entry comes back, with her history.
        var again = await scim.PostAsync("/Users", body);
        again.Status.ShouldBe(HttpStatusCode.Created, again.Body?.ToJsonString());
        again.Id.ShouldBe(created.Id);
        (await ColleagueAsync(created.Id)).IsPickable.ShouldBeTrue();
    }

    [Fact]
    public async Task A_colleague_already_in_the_directory_is_taken_over_not_duplicated()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var imported = await Data.ColleagueAsync(); // from the CSV import, before provisioning began
        var upn = $"{TestData.Unique("upn")}@corp.example.com";
        (await scim.FindAsync("Users", $"userName eq \"{upn}\"")).ShouldBeNull();
        var created = await scim.PostAsync("/Users", EntraUser(upn, imported.Email, Guid.NewGuid().ToString()));
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        created.Id.ShouldBe(imported.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await scim.PostAsync("/Users", EntraUser($"other-{upn}", imported.Email, Guid.NewGuid().ToString()))).ShouldBeError(HttpStatusCode.Conflict, "uniqueness");
    }

    [Fact]
    public async Task Provisioning_never_grants_a_role_and_makes_no_account()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var email = $"{TestData.Unique("ines")}@example.com";
        var created = await scim.PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email}}","displayName":"Ines",
             "roles":[{"value":"ProgramAdmin","primary":true},{"value":"HR"}],"entitlements":[{"value":"HR"}]}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        var normalized = email.ToUpperInvariant();
        (await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == normalized))).ShouldBeFalse();
        await using var scope = _app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        (await users.GetUsersInRoleAsync(Roles.HR)).ShouldNotContain(u => u.Email == email);
    }

    [Fact]
    public async Task The_manager_is_a_user_id_and_reads_back_as_one()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var boss = await scim.PostAsync("/Users", EntraUser($"{TestData.Unique("boss")}@example.com", $"{TestData.Unique("boss")}@example.com", Guid.NewGuid().ToString()));
        var report = await scim.PostAsync("/Users", EntraUser($"{TestData.Unique("rep")}@example.com", $"{TestData.Unique("rep")}@example.com", Guid.NewGuid().ToString()));
        // Entra sends the manager's id on its own, as the value.
        var patched = await scim.PatchAsync($"/Users/{report.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"{{boss.Id}}"}]}
            """);
        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Body?.ToJsonString());
        patched.Body![Allyship.Web.Features.Admin.Provisioning.Scim.EnterpriseSchema]!["manager"]!["value"]!.GetValue<string>().ShouldBe(boss.Id);
        (await ColleagueAsync(report.Id)).ManagerEmail.ShouldBe(boss.Body!["emails"]![0]!["value"]!.GetValue<string>());
    }
}

/// <summary>The level read from a company's own extension attribute, and leaders by level (`Provisioning:*`).</summary>
public sealed class ScimLevelMappingTests(ScimLevelMappingTests.App app) : IClassFixture<ScimLevelMappingTests.App>
{
    public const string Extension = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";

    public sealed class App : AppFixtureBase
    {
        public App()
        {
            Settings["Provisioning:LevelAttribute"] = $"{Extension}:grade";
            Settings["Provisioning:LeaderLevels:0"] = "Director";
        }
    }

    [Fact]
    public async Task The_level_comes_from_the_configured_attribute_and_directors_are_senior_leaders()
    {
        var scim = await ScimClient.WithTokenAsync(app);
        var email = $"{TestData.Unique("helen")}@example.com";
        var created = await scim.PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","{{Extension}}"],"userName":"{{email}}","displayName":"Helen",
             "{{Extension}}":{"grade":"Director"} }
            """);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        created.Body![Extension]!["grade"]!.GetValue<string>().ShouldBe("Director");
        var colleague = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == email));
        (colleague.Level, colleague.IsLeader).ShouldBe(("Director", true));

        (await scim.PatchAsync($"/Users/{created.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"{{Extension}}:grade","value":"Analyst"}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        colleague = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == email));
        (colleague.Level, colleague.IsLeader).ShouldBe(("Analyst", false));

        // title is not where this company keeps the level, and not a free-for-all either: it is read and let go.
        var schemas = await scim.GetAsync($"/Schemas/{Extension}");
        schemas.Status.ShouldBe(HttpStatusCode.OK);
    }
}
