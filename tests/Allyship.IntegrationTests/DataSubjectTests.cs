using System.Net;
using System.Text.Json;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Access and erasure requests: everything held about a person comes out as JSON; erasing keeps the counts.</summary>
public sealed class DataSubjectTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static async Task<JsonElement> JsonOfAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_mentors_export_holds_their_data_and_only_their_own_holds_their_private_notes()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24), privateNotes: "Only mine to read");
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        var byAdmin = await JsonOfAsync(await admin.Client.GetAsync(new Uri($"/admin/users/{mentor.Id}?handler=Export", UriKind.Relative)));
        byAdmin.GetProperty("Profile").GetProperty("Email").GetString().ShouldBe(mentor.Email);
        byAdmin.GetProperty("Enrolments")[0].GetProperty("Program").GetString().ShouldBe(program.Name);
        byAdmin.GetProperty("ActionsLogged")[0].GetProperty("Colleague").GetString().ShouldBe(colleague.Name);
        byAdmin.ToString().ShouldNotContain("Only mine to read");

        var own = await JsonOfAsync(await (await Browser.SignedInAsync(app, mentor)).Client.GetAsync(new Uri("/account?handler=Export", UriKind.Relative)));
        own.GetProperty("ActionsLogged")[0].GetProperty("PrivateNotes").GetString().ShouldBe("Only mine to read");
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Target == mentor.Email && a.Action.StartsWith("person.export")))).ShouldBe(2);
    }

    [Fact]
    public async Task A_colleague_is_exported_and_erased_from_the_directory_and_the_counts_stay()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var action = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        await app.WithDbAsync(db => db.Actions.Where(a => a.Id == action.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Topics, "Her promotion case")));
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        await app.WithDbAsync(db =>
        {
            db.Outcomes.Add(new OutcomeEvent { ColleagueId = colleague.Id, OccurredOn = new DateOnly(2026, 6, 1), Kind = OutcomeKind.Promotion });
            return db.SaveChangesAsync();
        });

        var export = await JsonOfAsync(await admin.Client.GetAsync(new Uri($"/admin/colleagues/{colleague.Id}/edit?handler=Export", UriKind.Relative)));
        export.GetProperty("DirectoryEntry").GetProperty("Email").GetString().ShouldBe(colleague.Email);
        export.GetProperty("ActionsAboutThem")[0].GetProperty("Topics").GetString().ShouldBe("Her promotion case");
        export.GetProperty("OutcomeEvents")[0].GetProperty("Kind").GetString().ShouldBe("Promotion");

        var page = $"/admin/colleagues/{colleague.Id}/edit";
        (await admin.SubmitAsync(page, "Erase ", new() { ["confirm"] = "someone-else@example.com" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await admin.SubmitAsync(page, "Erase ", new() { ["confirm"] = colleague.Email })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var erased = await app.WithDbAsync(db => db.Colleagues.SingleAsync(c => c.Id == colleague.Id));
        erased.Name.ShouldBe("Former colleague");
        erased.Email.ShouldNotBe(colleague.Email);
        var kept = await app.WithDbAsync(db => db.Actions.SingleAsync(a => a.Id == action.Id));
        kept.Minutes.ShouldBe(action.Minutes, "the action still counts");
        kept.Topics.ShouldBeNull();
        (await app.WithDbAsync(db => db.Outcomes.AnyAsync(o => o.ColleagueId == colleague.Id))).ShouldBeFalse("her career events go with her");
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Target == colleague.Email || a.ActorEmail == colleague.Email))).ShouldBeFalse();
        var picker = await (await Browser.SignedInAsync(app, mentor)).GetPageAsync("/log/coffee");
        picker.Body!.TextContent.ShouldNotContain("Former colleague", customMessage: "an erased colleague is no longer offered to mentors");
        (await admin.GetPageAsync("/admin/colleagues")).QuerySelectorAll("tbody tr").Select(r => r.TextContent).ShouldNotContain(r => r.Contains("Former colleague"));
    }

    [Fact]
    public async Task Erasing_a_mentor_keeps_every_total_and_removes_who_they_were()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 10), privateNotes: "Something personal");
        await _data.ActionAsync(mentor, program, colleague, ActionKind.ShoutOut, new DateOnly(2026, 11, 18));
        await app.RunAsync<Allyship.Web.Features.Rollups.WeeklyRollupJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.Emails.AnyAsync(e => e.ToAddress == mentor.Email))).ShouldBeTrue("her weekly summary, to be erased with her");
        var before = await app.WithDbAsync(async db => (
            await db.Actions.Where(a => a.ProgramId == program.Id).SumAsync(a => a.Minutes),
            await db.WeeklyRollups.Where(r => r.ProgramId == program.Id).CountAsync()));
        await Browser.SignedInAsync(app, mentor);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        var page = $"/admin/users/{mentor.Id}";
        (await admin.SubmitAsync(page, "Erase ", new() { ["confirm"] = mentor.Email })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var after = await app.WithDbAsync(async db => (
            await db.Actions.Where(a => a.ProgramId == program.Id).SumAsync(a => a.Minutes),
            await db.WeeklyRollups.Where(r => r.ProgramId == program.Id).CountAsync()));
        after.ShouldBe(before, "reports and dashboards add up as before");
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == mentor.Id));
        user.DisplayName.ShouldBe("Former mentor");
        user.Email.ShouldNotBe(mentor.Email);
        (await app.WithDbAsync(db => db.Actions.Where(a => a.MentorId == mentor.Id).AllAsync(a => a.PrivateNotes == null && a.Topics == null && a.Achievement == null))).ShouldBeTrue();
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Target == mentor.Email || a.ActorEmail == mentor.Email))).ShouldBeFalse("their email is gone from the audit log");
        (await app.WithDbAsync(db => db.Emails.AnyAsync(e => e.ToAddress == mentor.Email))).ShouldBeFalse();
        (await new Browser(app.NewClient()).SignInAsync(mentor.Email, mentor.Password)).StatusCode.ShouldBe(HttpStatusCode.OK, "nobody signs in as them");
    }
}
