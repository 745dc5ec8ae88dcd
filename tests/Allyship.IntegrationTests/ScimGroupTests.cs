using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// SCIM Groups as identity providers push them, and a group an admin maps (on the Provisioning page, through its own
/// form) to the mentors of a program: joining enrols, leaving takes her out of the program with her history kept.
/// </summary>
public sealed class ScimGroupTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly AppFixtureBase _app = app.LogTo(output);
    private TestData Data => new(_app);

    private static string User(string email) => $$"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{email}}","displayName":"{{email}}","active":true,
         "emails":[{"value":"{{email}}","type":"work","primary":true}]}
        """;

    private Task<Enrolment?> EnrolmentAsync(PledgeProgram program, TestUser person) =>
        _app.WithDbAsync(db => db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.ProgramId == program.Id && e.MentorId == person.Id));

    [Fact]
    public async Task A_mapped_group_enrols_its_members_and_leaving_it_keeps_their_history()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var program = await Data.ProgramAsync();
        var ada = await Data.UserAsync(); // has an account (SSO first sign-in, say), no role yet
        var bea = await Data.UserAsync();
        var adaId = (await scim.PostAsync("/Users", User(ada.Email))).Id;
        var beaId = (await scim.PostAsync("/Users", User(bea.Email))).Id;
        var noAccount = (await scim.PostAsync("/Users", User($"{TestData.Unique("cy")}@example.com"))).Id;

        // Group push (Entra): "does it exist?", create, then add members.
        var name = TestData.Unique("Allyship mentors");
        (await scim.FindAsync("Groups", $"displayName eq \"{name}\"")).ShouldBeNull();
        var group = await scim.PostAsync("/Groups", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"{{name}}","members":[]}
            """);
        group.Status.ShouldBe(HttpStatusCode.Created, group.Body?.ToJsonString());
        (await scim.PatchAsync($"/Groups/{group.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"{{adaId}}"},{"value":"{{noAccount}}"}]}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        (await EnrolmentAsync(program, ada)).ShouldBeNull("an unmapped group enrols nobody");

        // The admin maps the group on the Provisioning page, through its form.
        var admin = await Browser.SignedInAsync(_app, await Data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/provisioning");
        var row = page.QuerySelectorAll("#groups tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        (await admin.SubmitAsync(page, "/admin/provisioning", $"Save the program for {name}", new() { ["programId"] = program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        row.TextContent.ShouldContain("1 with an account");
        (await EnrolmentAsync(program, ada))!.HasLeft.ShouldBeFalse();

        // Okta's habit: members added with add, removed by a value filter; Entra's: removed by a value list.
        (await scim.PatchAsync($"/Groups/{group.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{beaId}}","display":"Bea"}]}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        (await EnrolmentAsync(program, bea))!.HasLeft.ShouldBeFalse();
        (await scim.PatchAsync($"/Groups/{group.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{beaId}}\"]"}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        (await EnrolmentAsync(program, bea))!.HasLeft.ShouldBeTrue("leaving the group leaves the program");
        var removed = await scim.PatchAsync($"/Groups/{group.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"{{adaId}}"}]}]}
            """);
        removed.Status.ShouldBe(HttpStatusCode.OK);
        removed.Body!["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()).ShouldBe([noAccount]);
        (await EnrolmentAsync(program, ada))!.HasLeft.ShouldBeTrue("the enrolment stays, left: her history counts");

        // Back in: the same enrolment again.
        (await scim.PatchAsync($"/Groups/{group.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{adaId}}"}]}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        (await EnrolmentAsync(program, ada))!.HasLeft.ShouldBeFalse();
        (await _app.WithDbAsync(db => db.Enrolments.CountAsync(e => e.ProgramId == program.Id && e.MentorId == ada.Id))).ShouldBe(1);

        // The group deleted: its members leave the program, nothing is deleted.
        (await scim.DeleteAsync($"/Groups/{group.Id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await EnrolmentAsync(program, ada))!.HasLeft.ShouldBeTrue();
        (await scim.GetAsync($"/Groups/{group.Id}")).ShouldBeError(HttpStatusCode.NotFound);
        var audit = await _app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Target == ada.Email).Select(a => a.Action).ToListAsync());
        audit.ShouldContain("enrolment.add");
        audit.ShouldContain("enrolment.remove");
        audit.ShouldContain("role.grant");
    }

    [Fact]
    public async Task A_member_who_gets_an_account_later_is_enrolled_when_the_admin_saves_the_mapping_again()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var program = await Data.ProgramAsync();
        var email = $"{TestData.Unique("later")}@example.com";
        var userId = (await scim.PostAsync("/Users", User(email))).Id;
        var name = TestData.Unique("Later mentors");
        (await scim.PostAsync("/Groups", $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name}}","members":[{"value":"{{userId}}"}]}"""))
            .Status.ShouldBe(HttpStatusCode.Created);
        var admin = await Browser.SignedInAsync(_app, await Data.UserAsync(Roles.ProgramAdmin));
        var programId = program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await admin.SubmitAsync("/admin/provisioning", $"Save the program for {name}", new() { ["programId"] = programId });

        // She signs in for the first time (an account with her email), then the admin saves the mapping again.
        var person = await Data.UserAsync();
        (await scim.PatchAsync($"/Users/{userId}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"emails[type eq \"work\"].value","value":"{{person.Email}}"}]}
            """)).Status.ShouldBe(HttpStatusCode.OK);
        (await EnrolmentAsync(program, person)).ShouldBeNull();
        var saved = await admin.SubmitAsync("/admin/provisioning", $"Save the program for {name}", new() { ["programId"] = programId });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await EnrolmentAsync(program, person))!.HasLeft.ShouldBeFalse();
        (await admin.GetPageAsync("/admin/provisioning")).QuerySelector(".alert")!.TextContent.ShouldContain("1 person enrolled");
    }

    [Fact]
    public async Task A_member_without_an_account_is_enrolled_when_she_accepts_an_invitation()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var mapped = await Data.ProgramAsync();
        var invitedInto = await Data.ProgramAsync();
        var email = $"{TestData.Unique("newcomer")}@example.com";
        var userId = (await scim.PostAsync("/Users", User(email))).Id;
        var name = TestData.Unique("Waiting mentors");
        (await scim.PostAsync("/Groups", $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name}}","members":[{"value":"{{userId}}"}]}"""))
            .Status.ShouldBe(HttpStatusCode.Created);
        var admin = await Browser.SignedInAsync(_app, await Data.UserAsync(Roles.ProgramAdmin));
        await admin.SubmitAsync("/admin/provisioning", $"Save the program for {name}", new() { ["programId"] = mapped.Id.ToString(CultureInfo.InvariantCulture) });

        // Invited into another program, she accepts through the invitation page's own form: her account now exists.
        (await admin.SubmitAsync("/admin/invitations", "Send invitations", new()
        {
            ["Input.Emails"] = email, ["Input.ProgramId"] = invitedInto.Id.ToString(CultureInfo.InvariantCulture), ["Input.Mentor"] = "true",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var link = Regex.Match(_app.Smtp.To(email)[^1].TextBody!, @"https://allyship\.example\.org(?<path>/invite/[A-Za-z0-9_\-]+)").Groups["path"].Value;
        var visitor = new Browser(_app.NewClient());
        (await visitor.SubmitAsync(link, "Join", new() { ["Input.Name"] = "Nia Newcomer", ["Input.Password"] = "Invited-and-in-36", ["Input.Confirm"] = "Invited-and-in-36" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var person = await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        var programs = await _app.WithDbAsync(db => db.Enrolments.AsNoTracking().Where(Enrolment.InProgram).Where(e => e.MentorId == person.Id).Select(e => e.ProgramId).ToListAsync());
        programs.Order().ShouldBe(new[] { mapped.Id, invitedInto.Id }.Order(), "the group's program took her in when her account was opened");
        (await _app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "enrolment.add" && a.Target == email && a.ActorEmail.Contains(name)))).ShouldBeTrue();
    }

    [Fact]
    public async Task Groups_are_listed_filtered_renamed_and_read_without_members()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var userId = (await scim.PostAsync("/Users", User($"{TestData.Unique("dee")}@example.com"))).Id;
        var name = TestData.Unique("Engineering");
        var group = await scim.PostAsync("/Groups", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name}}","members":[{"value":"{{userId}}"}]}
            """);
        group.Status.ShouldBe(HttpStatusCode.Created);
        var lean = await scim.GetAsync($"/Groups?filter={Uri.EscapeDataString($"displayName eq \"{name}\"")}&excludedAttributes=members");
        lean.Body!["totalResults"]!.GetValue<int>().ShouldBe(1);
        lean.Body["Resources"]![0]!["members"].ShouldBeNull();

        var renamed = await scim.PatchAsync($"/Groups/{group.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"{{name}} (renamed)"}]}
            """);
        renamed.Body!["displayName"]!.GetValue<string>().ShouldBe($"{name} (renamed)");
        renamed.Body["members"]!.AsArray().Count.ShouldBe(1);
    }
}
