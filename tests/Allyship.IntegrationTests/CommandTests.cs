using System.Net;
using System.Security.Claims;
using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Features.Admin.Colleagues;
using Allyship.Web.Features.Admin.Invitations;
using Allyship.Web.Features.Admin.Programs;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Features.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// A command is one transaction (CONVENTIONS.md, rule 16): each test makes a later step of a command fail and finds
/// nothing of it saved, then lets it through and finds all of it.
/// </summary>
public sealed class AtomicCommandTests(FaultyApp app, ITestOutputHelper output) : IClassFixture<FaultyApp>, IDisposable
{
    private readonly TestData _data = new(app.LogTo(output));

    public void Dispose() => app.Faults.Reset();

    /// <summary>What the mentor fills in on This week's coffee form.</summary>
    private static Dictionary<string, string?> LogForm(Colleague colleague, string date) => new()
    {
        ["Input.ColleagueId"] = colleague.Id.ToString(),
        ["Input.OccurredOn"] = date,
    };

    private static Task<HttpResponseMessage> LogCoffeeAsync(Browser browser, Colleague colleague, string date) =>
        browser.SubmitAsync("/week", "Log coffee", LogForm(colleague, date));

    /// <summary>A mentor whose last week (16-22 Nov) is closed with a rollup row; today is Wednesday 25 Nov.</summary>
    private async Task<(PledgeProgram Program, TestUser Mentor, Browser Browser, Colleague Colleague)> ClosedLastWeekAsync()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 11, 16));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        (await RollupAsync(mentor)).Coffees.ShouldBe(0);
        return (program, mentor, await Browser.SignedInAsync(app, mentor), colleague);
    }

    private Task<WeeklyRollup> RollupAsync(TestUser mentor) =>
        app.WithDbAsync(db => db.WeeklyRollups.AsNoTracking().SingleAsync(r => r.MentorId == mentor.Id && r.WeekStart == new DateOnly(2026, 11, 16)));

    private Task<int> ActionCountAsync(TestUser mentor) => app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id));

    [Fact]
    public async Task Logging_into_a_closed_week_saves_the_action_and_its_rollup_together_or_neither()
    {
        var (_, mentor, browser, colleague) = await ClosedLastWeekAsync();

        app.Faults.FailNext("UPDATE \"WeeklyRollups\"");
        var failed = await LogCoffeeAsync(browser, colleague, "2026-11-18");
        app.Faults.Failed.ShouldBeTrue();
        failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await ActionCountAsync(mentor)).ShouldBe(0);

        (await LogCoffeeAsync(browser, colleague, "2026-11-18")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActionCountAsync(mentor)).ShouldBe(1);
        (await RollupAsync(mentor)).Coffees.ShouldBe(1);
    }

    [Fact]
    public async Task Editing_and_deleting_in_a_closed_week_change_the_rollup_in_the_same_commit()
    {
        var (_, mentor, browser, colleague) = await ClosedLastWeekAsync();
        (await LogCoffeeAsync(browser, colleague, "2026-11-18")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await app.WithDbAsync(db => db.Actions.Where(a => a.MentorId == mentor.Id).Select(a => a.Id).SingleAsync());

        // Moving the coffee into the open week takes it out of last week's rollup: both or neither.
        app.Faults.FailNext("UPDATE \"WeeklyRollups\"");
        (await browser.SubmitAsync($"/actions/{id}/edit", "Save changes", new() { ["Input.OccurredOn"] = "2026-11-24" })).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await app.WithDbAsync(db => db.Actions.SingleAsync(a => a.Id == id))).OccurredOn.ShouldBe(new DateOnly(2026, 11, 18));
        (await RollupAsync(mentor)).Coffees.ShouldBe(1);

        app.Faults.FailNext("UPDATE \"WeeklyRollups\"");
        (await browser.SubmitAsync($"/actions/{id}/delete", "Delete it")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await ActionCountAsync(mentor)).ShouldBe(1);
        (await RollupAsync(mentor)).Coffees.ShouldBe(1);

        (await browser.SubmitAsync($"/actions/{id}/delete", "Delete it")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActionCountAsync(mentor)).ShouldBe(0);
        (await RollupAsync(mentor)).Coffees.ShouldBe(0);
    }

    [Fact]
    public async Task An_invitation_whose_email_fails_grants_no_role_to_the_existing_account()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var existing = await _data.UserAsync(Roles.Mentor);
        var newcomer = $"{TestData.Unique("new")}@example.com";
        var admin = ClaimsFor(await _data.UserAsync(Roles.ProgramAdmin));
        var input = new InvitePeople.Input { Emails = $"{existing.Email}\n{newcomer}", ProgramId = program.Id, Mentor = true, ProgramAdmin = true };

        app.Faults.FailNext("INSERT INTO \"Emails\"");
        await Should.ThrowAsync<Exception>(() => app.RunAsync<InvitePeople.Handler, InvitePeople.Result>(h => h.InviteAsync(admin, input, null, default)));
        await app.WithDbAsync(async db =>
        {
            (await db.UserRoles.CountAsync(r => r.UserId == existing.Id)).ShouldBe(1); // Mentor only: ProgramAdmin rolled back
            (await db.Enrolments.AnyAsync(e => e.MentorId == existing.Id)).ShouldBeFalse();
            (await db.Invitations.AnyAsync(i => i.Email == newcomer)).ShouldBeFalse();
            (await db.AuditLog.AnyAsync(a => a.Target == existing.Email || a.Target == newcomer)).ShouldBeFalse();
            return 0;
        });

        var result = await app.RunAsync<InvitePeople.Handler, InvitePeople.Result>(h => h.InviteAsync(admin, input, null, default));
        (result.Invited, result.Enrolled).ShouldBe((2, 0), "the existing account lacks ProgramAdmin: it waits for her to accept");
        (await app.WithDbAsync(db => db.UserRoles.CountAsync(r => r.UserId == existing.Id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.Email == existing.Email && i.Status == InvitationStatus.Pending))).ShouldBe(1);
    }

    [Fact]
    public async Task Accepting_an_invitation_whose_enrolment_fails_creates_no_account()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var (email, token) = await _data.InvitationAsync(program);
        var browser = new Browser(app.NewClient());
        var form = new Dictionary<string, string?> { ["Input.Name"] = "Nia Newcomer", ["Input.Password"] = TestData.Password, ["Input.Confirm"] = TestData.Password };

        app.Faults.FailNext("INSERT INTO \"Enrolments\"");
        (await browser.SubmitAsync($"/invite/{token}", "Join", form)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == email))).Status.ShouldBe(InvitationStatus.Pending);

        (await browser.SubmitAsync($"/invite/{token}", "Join", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Enrolments.CountAsync(e => e.ProgramId == program.Id && e.Mentor.Email == email))).ShouldBe(1);
    }

    [Fact]
    public async Task A_colleague_import_whose_audit_entry_fails_adds_nobody()
    {
        var admin = ClaimsFor(await _data.UserAsync(Roles.ProgramAdmin));
        var email = $"{TestData.Unique("imp")}@example.com";
        var file = Encoding.UTF8.GetBytes($"name,email\nIma Imported,{email}\n");

        app.Faults.FailNext("INSERT INTO \"AuditLog\"");
        await Should.ThrowAsync<Exception>(() => app.RunAsync<ImportColleagues.Handler, ImportColleagues.Report>(h => h.ImportAsync(admin, file, "x.csv", default)));
        (await app.WithDbAsync(db => db.Colleagues.AnyAsync(c => c.Email == email))).ShouldBeFalse();

        (await app.RunAsync<ImportColleagues.Handler, ImportColleagues.Report>(h => h.ImportAsync(admin, file, "x.csv", default))).Adds.ShouldBe(1);
        (await app.WithDbAsync(db => db.Colleagues.AnyAsync(c => c.Email == email))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_program_edit_whose_audit_entry_fails_changes_nothing()
    {
        var program = await _data.ProgramAsync();
        var admin = ClaimsFor(await _data.UserAsync(Roles.ProgramAdmin));
        var input = EditProgram.Input.From(program, app.Services.GetRequiredService<Allyship.Web.Features.Chat.ChatWebhooks>());
        input.Name = TestData.Unique("Renamed");

        app.Faults.FailNext("INSERT INTO \"AuditLog\"");
        await Should.ThrowAsync<Exception>(() => app.RunAsync<EditProgram.Handler, (int?, List<FieldError>)>(h => h.SaveAsync(admin, program.Id, input, default)));
        (await app.WithDbAsync(db => db.Programs.SingleAsync(p => p.Id == program.Id))).Name.ShouldBe(program.Name);

        await app.RunAsync<EditProgram.Handler, (int?, List<FieldError>)>(h => h.SaveAsync(admin, program.Id, input, default));
        (await app.WithDbAsync(db => db.Programs.SingleAsync(p => p.Id == program.Id))).Name.ShouldBe(input.Name);
    }

    [Fact]
    public async Task A_rollup_that_fails_for_a_reason_other_than_a_race_fails_the_run_and_the_next_run_closes_the_week()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        await _data.MentorAsync(program);
        await OnlyThisProgramRollsUpAsync(program);
        Task<List<DateOnly>> ClosedAsync() => app.WithDbAsync(db => db.ClosedWeeks.Where(c => c.ProgramId == program.Id).Select(c => c.WeekStart).OrderBy(w => w).ToListAsync());

        // The first week's marker fails: a transient error, not "closed elsewhere". The run must not go on and close later
        // weeks (which would leave this one behind for good, as the catch-up starts after the latest closed week).
        app.Faults.FailNext("INSERT INTO \"ClosedWeeks\"");
        await Should.ThrowAsync<Exception>(() => app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync()));
        (await ClosedAsync()).ShouldBeEmpty();

        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        (await ClosedAsync()).ShouldBe([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16)]);
    }

    [Fact]
    public async Task A_reminder_run_that_fails_to_queue_fails_visibly_and_queues_nothing()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero)); // Wednesday after 10:00 in London
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var key = $"{ReminderJob.KeyPrefix(program.Id, new Allyship.Web.Features.Pledge.PledgeWeek(new DateOnly(2026, 11, 23)))}nudge:{mentor.Id}";

        app.Faults.FailNext("INSERT INTO \"Emails\"");
        await Should.ThrowAsync<Exception>(() => app.RunAsync<ReminderJob, int>(job => job.RunAsync()));
        (await app.WithDbAsync(db => db.Emails.AnyAsync(e => e.DeduplicationKey == key))).ShouldBeFalse();

        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.Emails.AnyAsync(e => e.DeduplicationKey == key))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_catch_up_with_a_failure_in_one_week_leaves_no_gap_after_the_next_run()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 10, 5));
        var mentor = await _data.MentorAsync(program);
        Task<List<DateOnly>> ClosedAsync() => app.WithDbAsync(db => db.ClosedWeeks.Where(c => c.ProgramId == program.Id).Select(c => c.WeekStart).OrderBy(w => w).ToListAsync());
        var all = Enumerable.Range(0, 7).Select(i => new DateOnly(2026, 10, 5).AddDays(7 * i)).ToList(); // 5 Oct to 16 Nov

        // A gap an older version could leave behind: 12 Oct closed, 5 Oct not.
        await app.WithDbAsync(async db =>
        {
            db.ClosedWeeks.Add(new ClosedWeek { ProgramId = program.Id, WeekStart = all[1], ClosedUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        await OnlyThisProgramRollsUpAsync(program);
        // The run writes markers for 5 Oct, 19 Oct, then 26 Oct: the third fails, a transient error.
        app.Faults.FailNext("INSERT INTO \"ClosedWeeks\"", skip: 2);
        await Should.ThrowAsync<Exception>(() => app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync()));
        (await ClosedAsync()).ShouldBe([all[0], all[1], all[2]]); // 5 Oct filled, 12 Oct was there, 19 Oct, then the failure

        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        (await ClosedAsync()).ShouldBe(all);
        (await app.WithDbAsync(db => db.WeeklyRollups.CountAsync(r => r.MentorId == mentor.Id))).ShouldBe(6); // every week but the one marked by hand
    }

    [Fact]
    public async Task An_action_logged_while_its_week_is_being_closed_is_in_the_rollup()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 11, 16));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);
        var week = await browser.GetPageAsync("/week");

        // The worst moment: the marker is written and the week's totals are read, the rows not committed yet. The log is
        // sent then, and the rollup goes on only once the log has done all its reads (no rollup row to refresh yet) and
        // is beginning its own transaction, or has finished without one. Had it committed then, the rollup would not
        // count it; it must wait for the rollup to commit, then refresh the row.
        Task<HttpResponseMessage>? logging = null;
        var finishedDuringTheRollup = false;
        app.Faults.AfterNext(async () =>
        {
            var logBegins = app.Faults.NextTransactionStarting();
            logging = Task.Run(() => browser.SubmitAsync(week, "/week", "Log coffee", LogForm(colleague, "2026-11-20")));
            // A deadline, not a wait: the barrier normally opens at once; a hang fails here with a sentence instead.
            await Task.WhenAny(logBegins, logging).WaitAsync(TimeSpan.FromSeconds(30));
            finishedDuringTheRollup = logging.IsCompleted;
        }, "\"WeeklyRollups\"", "GROUP BY");
        (await app.RunAsync<WeeklyRollupJob, bool>(job => job.CloseWeekAsync(program, new Allyship.Web.Features.Pledge.PledgeWeek(new DateOnly(2026, 11, 16)), sendEmails: false, default)))
            .ShouldBeTrue();
        finishedDuringTheRollup.ShouldBeFalse("the log must wait for the rollup's transaction");
        (await logging!).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await ActionCountAsync(mentor)).ShouldBe(1);
        (await RollupAsync(mentor)).Coffees.ShouldBe(1);
    }

    /// <summary>
    /// The week-close race: an action committed after the job has decided to close the week, but before its transaction
    /// begins, is in the rollup, because the totals are read inside the transaction that writes the marker.
    /// </summary>
    [Fact]
    public async Task An_action_committed_just_before_the_week_closes_is_in_its_rollup()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 11, 16));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        app.Faults.BeforeNextTransaction(() => _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 20)));

        // This program's week alone (other tests' programs in this app may have weeks to close too).
        (await app.RunAsync<WeeklyRollupJob, bool>(job => job.CloseWeekAsync(program, new Allyship.Web.Features.Pledge.PledgeWeek(new DateOnly(2026, 11, 16)), sendEmails: false, default)))
            .ShouldBeTrue();

        (await ActionCountAsync(mentor)).ShouldBe(1);
        (await app.WithDbAsync(db => db.WeeklyRollups.SingleAsync(r => r.MentorId == mentor.Id))).Coffees.ShouldBe(1);
    }

    /// <summary>Archives the programs earlier tests of this class made, so a rollup run counts this one's weeks alone.</summary>
    private Task<int> OnlyThisProgramRollsUpAsync(PledgeProgram program) =>
        app.WithDbAsync(async db =>
        {
            foreach (var other in await db.Programs.Where(p => p.Id != program.Id && p.ArchivedUtc == null).ToListAsync())
            {
                other.ArchivedUtc = DateTime.UtcNow;
            }

            return await db.SaveChangesAsync();
        });

    internal static ClaimsPrincipal ClaimsFor(TestUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Email, user.Email)], "test"));
}

/// <summary>The same form posted twice at once (a double click, a retry on a slow phone) gives one result.</summary>
public sealed class DoubleSubmitTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task A_log_form_posted_twice_logs_one_action_and_adds_the_new_colleague_once()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);
        var email = $"{TestData.Unique("twice")}@example.com";
        var week = await browser.GetPageAsync("/week");
        var form = new Dictionary<string, string?> { ["Input.ColleagueId"] = "", ["Input.NewColleagueName"] = "Tess Twice", ["Input.NewColleagueEmail"] = email };

        // The page's one form (one submission id) sent three times at once: a triple tap.
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => browser.SubmitAsync(week, "/week", "Log coffee", form)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Colleagues.CountAsync(c => c.Email == email))).ShouldBe(1);
    }

    [Fact]
    public async Task Two_forms_log_two_actions()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);
        foreach (var _ in new[] { 1, 2 })
        {
            // The week shown afresh each time: a new form, a new submission id.
            (await browser.SubmitAsync("/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString() })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task An_invitation_accepted_twice_at_once_makes_one_account_and_signs_in_once()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var (email, token) = await _data.InvitationAsync(program);
        var browser = new Browser(app.NewClient());
        var page = await browser.GetPageAsync($"/invite/{token}");
        var other = new Browser(app.NewClient()); // someone else opens the same link now
        var otherPage = await other.GetPageAsync($"/invite/{token}");
        var form = new Dictionary<string, string?> { ["Input.Name"] = "Dot Double", ["Input.Password"] = TestData.Password, ["Input.Confirm"] = TestData.Password };

        // The page's form sent twice at once: a double tap on Join.
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => browser.SubmitAsync(page, $"/invite/{token}", "Join", form)));

        // One post accepts and signs in; the other finds the link used: it signs nobody in (issue 31), and says so.
        responses.Select(r => (r.StatusCode, r.Headers.Location?.ToString())).OrderBy(r => r.StatusCode).ToList()
            .ShouldBe(new List<(HttpStatusCode, string?)> { (HttpStatusCode.Redirect, $"/welcome?program={program.Id}"), (HttpStatusCode.Gone, null) });
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Enrolments.CountAsync(e => e.Mentor.Email == email))).ShouldBe(1);

        // The other person sends it now, with another password: "already joined", not an account.
        var reused = await other.SubmitAsync(otherPage, $"/invite/{token}", "Join", new() { ["Input.Name"] = "Mallory", ["Input.Password"] = "Another-pass-36", ["Input.Confirm"] = "Another-pass-36" });
        reused.StatusCode.ShouldBe(HttpStatusCode.Gone);
    }
}

/// <summary>The paused-forever bug: a pause until a day that has passed ends by itself, on every page and in every job.</summary>
public sealed class PausedForeverTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task A_mentor_paused_until_last_month_is_active_again_everywhere_without_pressing_resume()
    {
        // On 20 October the mentor pauses until 31 October, from Settings, as a person would.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var browser = await Browser.SignedInAsync(app, mentor);
        (await browser.SubmitAsync("/preferences", "Pause reminders", new() { ["PauseUntil"] = "2026-10-31" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetPageAsync("/preferences")).Body!.TextContent.ShouldContain("You're paused until Saturday 31 October");
        (await admin.GetPageAsync($"/admin/programs/{program.Id}/mentors")).Body!.TextContent.ShouldContain("Paused until 31 Oct");

        // Wednesday 25 November, 10:30 in London: nobody pressed Resume. (Sign in again: cookies last two weeks.)
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero));
        browser = await Browser.SignedInAsync(app, mentor);
        admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        var settings = await browser.GetPageAsync("/preferences");
        settings.Body!.TextContent.ShouldNotContain("You're paused until");
        settings.QuerySelector("form[action*='handler=Pause']").ShouldNotBeNull("the pause form is offered again");

        var week = await browser.GetPageAsync($"/week?program={program.Id}");
        week.Body!.TextContent.ShouldNotContain("You're paused until");

        var mentors = await admin.GetPageAsync($"/admin/programs/{program.Id}/mentors");
        var row = mentors.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(mentor.Email, StringComparison.Ordinal));
        row.QuerySelector(".state-pill")!.TextContent.ShouldBe("Active");
        row.QuerySelector("form[action*='handler=Pause']").ShouldNotBeNull();

        var dashboard = await admin.GetPageAsync($"/admin/programs/{program.Id}");
        dashboard.QuerySelector("#stat-enrolled")!.ParentElement!.TextContent.ShouldNotContain("paused");

        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.UserId == mentor.Id && e.Kind == EmailKind.Reminder))).ShouldBe(1);
    }

    [Fact]
    public async Task A_pause_under_way_still_holds_reminders()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var notPaused = await _data.MentorAsync(program); // the control: the same run reminds her, so it could have reminded him
        await _data.PauseAsync(mentor, program, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 30));
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        Task<bool> RemindedAsync(TestUser m) => app.WithDbAsync(db => db.Emails.AnyAsync(e => e.UserId == m.Id));
        (await RemindedAsync(notPaused)).ShouldBeTrue();
        (await RemindedAsync(mentor)).ShouldBeFalse();
    }
}
