using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>A first week that teaches: the welcome after accepting, the welcome email, and the choices it saves.</summary>
public sealed class WelcomeTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private async Task<(Browser Mentor, string Email, string Location)> AcceptAsync(PledgeProgram program)
    {
        var (email, token) = await _data.InvitationAsync(program);
        var link = $"/invite/{token}";
        var visitor = new Browser(app.NewClient());
        var joined = await visitor.SubmitAsync(link, "Join",
            new() { ["Input.Name"] = "Noor Newcomer", ["Input.Password"] = "Invited-and-in-36", ["Input.Confirm"] = "Invited-and-in-36" });
        joined.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (visitor, email, joined.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_invited_mentor_lands_on_the_welcome_chooses_colleagues_and_a_reminder_day_and_gets_a_welcome_email()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow); // a Wednesday: she joins mid-week
        var program = await _data.ProgramAsync();
        var amara = await _data.ColleagueAsync(TestData.Unique("Amara"));
        var bea = await _data.ColleagueAsync(TestData.Unique("Bea"));
        var (mentor, email, location) = await AcceptAsync(program);
        location.ShouldBe($"/welcome?program={program.Id}");

        var welcome = await mentor.GetPageAsync(location);
        welcome.QuerySelector("#why")!.TextContent.ShouldContain("Sponsorship, not only mentoring");
        welcome.QuerySelectorAll("#why li").Length.ShouldBe(3);
        welcome.QuerySelector("#first-week")!.TextContent.ShouldContain("no reminders until Monday 30 November");
        welcome.QuerySelectorAll("#welcome-form select[name=Colleagues]").Length.ShouldBe(3);
        welcome.QuerySelector("a[href='/guide#coffee']").ShouldNotBeNull();

        // The welcome email says the same three points, and where to start.
        var queued = await app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => e.ToAddress == email).ToListAsync());
        var mail = queued.ShouldHaveSingleItem();
        mail.Subject.ShouldBe($"Welcome to {program.Name}: your 36 minutes start here");
        mail.TextBody!.ShouldContain("Sponsorship, not only mentoring");
        mail.TextBody!.ShouldContain($"/welcome?program={program.Id}");
        mail.TextBody!.ShouldContain("No reminders this week");

        var saved = await mentor.SubmitAsync(location, "Save and go to my week", new() { ["Colleagues"] = bea.Id.ToString(), ["ReminderDay"] = "Thursday" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        (await app.WithDbAsync(db => db.ChosenColleagues.Where(c => c.MentorId == userId).Select(c => c.ColleagueId).ToListAsync())).ShouldBe([bea.Id]);
        var prefs = await app.WithDbAsync(db => db.MentorPreferences.AsNoTracking().SingleAsync(p => p.UserId == userId));
        (prefs.UseProgramSchedule, prefs.Reminders.ReminderDay, prefs.Reminders.ReminderTime).ShouldBe((false, DayOfWeek.Thursday, program.Reminders.ReminderTime));

        // Her colleague is one tap on the week page (a chip, not chosen for him), first in the list, and on My colleagues before any action.
        var week = await mentor.GetPageAsync("/week");
        week.QuerySelector("#coffee-colleague optgroup[label='People you support'] option")!.TextContent.ShouldContain(bea.Name);
        Browser.ColleagueChips(week, "coffee").ShouldBe([bea.Id.ToString()]);
        Browser.ChosenColleague(week, "coffee").ShouldBeNull();
        (await mentor.GetPageAsync("/colleagues")).QuerySelector(".colleagues-table")!.TextContent.ShouldContain(bea.Name);
        amara.Id.ShouldNotBe(bea.Id);

        // "How it works" from the footer shows her choices again.
        var again = await mentor.GetPageAsync("/welcome");
        again.QuerySelector("a[href='/welcome']").ShouldNotBeNull();
        again.QuerySelector("#colleague-0 option[selected]")!.GetAttribute("value").ShouldBe(bea.Id.ToString());
        again.QuerySelector("#reminder-day option[selected]")!.GetAttribute("value").ShouldBe("Thursday");
    }

    [Fact]
    public async Task A_crafted_post_of_four_colleagues_or_of_one_who_asked_not_to_be_named_saves_nothing()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);
        var four = new List<Colleague>();
        for (var i = 0; i < 4; i++)
        {
            four.Add(await _data.ColleagueAsync());
        }

        var form = new List<KeyValuePair<string, string?>> { new("program", program.Id.ToString()), new("ReminderDay", "Monday") };
        form.AddRange(four.Select(c => new KeyValuePair<string, string?>("Colleagues", c.Id.ToString())));
        // The form has three lists and leaves her out: only a hand-made post can send either.
        var tooMany = await browser.PostCraftedAsync("/welcome", form, tokenFrom: "/welcome");
        tooMany.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(tooMany)).QuerySelector("#welcome-errors")!.TextContent.ShouldContain("Choose up to 3 colleagues");

        var hidden = await _data.ColleagueAsync();
        await app.WithDbAsync(async db => { (await db.Colleagues.SingleAsync(c => c.Id == hidden.Id)).NotNamed = true; return await db.SaveChangesAsync(); });
        var refused = await browser.PostCraftedAsync("/welcome", new() { ["program"] = program.Id.ToString(), ["Colleagues"] = hidden.Id.ToString(), ["ReminderDay"] = "Monday" }, tokenFrom: "/welcome");
        (await Browser.ParseAsync(refused)).QuerySelector("#welcome-errors")!.TextContent.ShouldContain("Choose colleagues from the list.");

        (await app.WithDbAsync(db => db.ChosenColleagues.CountAsync(c => c.MentorId == mentor.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.MentorPreferences.AnyAsync(p => p.UserId == mentor.Id && !p.UseProgramSchedule))).ShouldBeFalse();
    }
}

/// <summary>The welcome saved twice at once (a double tap on a slow phone) saves her choices once and shows no error.</summary>
public sealed class WelcomeRaceTests(FaultyApp app, ITestOutputHelper output) : IClassFixture<FaultyApp>, IDisposable
{
    private readonly TestData _data = new(app.LogTo(output));

    public void Dispose() => app.Faults.Reset();

    [Fact]
    public async Task Choices_another_save_committed_a_moment_earlier_are_kept_once_not_an_error()
    {
        if (!TestDatabase.IsPostgres)
        {
            return; // SQLite's writers take the write lock at BEGIN: the second save reads the first's rows, no race to lose
        }

        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var bea = await _data.ColleagueAsync(TestData.Unique("Bea"));
        var browser = await Browser.SignedInAsync(app, mentor);
        var url = $"/welcome?program={program.Id}";
        var page = await browser.GetPageAsync(url);

        // The other save commits right after this one read her choices (none yet) and before it inserts the same one.
        app.Faults.AfterNext(() => app.WithDbAsync(db =>
        {
            db.ChosenColleagues.Add(new ChosenColleague { MentorId = mentor.Id, ProgramId = program.Id, ColleagueId = bea.Id, ChosenUtc = DateTime.UtcNow });
            return db.SaveChangesAsync();
        }), "FROM \"ChosenColleagues\"");
        var saved = await browser.SubmitAsync(page, url, "Save and go to my week", new() { ["Colleagues"] = bea.Id.ToString(), ["ReminderDay"] = "Thursday" });

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.ChosenColleagues.CountAsync(c => c.MentorId == mentor.Id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.MentorPreferences.AsNoTracking().SingleAsync(p => p.UserId == mentor.Id))).Reminders.ReminderDay.ShouldBe(DayOfWeek.Thursday);
    }
}
