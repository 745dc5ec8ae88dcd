using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed class LogActionTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    /// <summary>What a mentor types into a kind's form on This week (the program and kind are the form's own hidden fields).</summary>
    private static Dictionary<string, string?> Form(Colleague? colleague, string? date = null, string? minutes = null)
    {
        var fill = new Dictionary<string, string?> { ["Input.ColleagueId"] = colleague?.Id.ToString() ?? "" };
        if (date is not null)
        {
            fill["Input.OccurredOn"] = date;
        }

        if (minutes is not null)
        {
            fill["Input.Minutes"] = minutes;
        }

        return fill;
    }

    /// <summary>A whole log body, for the crafted posts (a kind or program no form of hers offers).</summary>
    private static Dictionary<string, string?> Crafted(PledgeProgram program, string kind, Colleague colleague) => new()
    {
        ["Input.ProgramId"] = program.Id.ToString(), ["Input.Kind"] = kind, ["Input.ColleagueId"] = colleague.Id.ToString(),
        ["Input.OccurredOn"] = "2026-11-25",
    };

    private static string ButtonFor(string kind) => kind switch { "Coffee" => "Log coffee", "ShoutOut" => "Log shout-out", _ => "Log sponsor note" };

    /// <summary>Submits the kind's form on This week (or on an already loaded week page, as a tab left open would).</summary>
    private static Task<HttpResponseMessage> LogAsync(Browser browser, string kind, Dictionary<string, string?> fill, string week = "/week") =>
        browser.SubmitAsync(week, ButtonFor(kind), fill);

    private static Task<HttpResponseMessage> LogAsync(Browser browser, AngleSharp.Html.Dom.IHtmlDocument loaded, string kind, Dictionary<string, string?> fill) =>
        browser.SubmitAsync(loaded, "/week", ButtonFor(kind), fill);

    private async Task<(PledgeProgram Program, TestUser Mentor, Browser Browser, Colleague Colleague)> MentorWithProgramAsync()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        return (program, mentor, await Browser.SignedInAsync(app, mentor), await _data.ColleagueAsync());
    }

    private Task<List<PledgeAction>> ActionsOfAsync(TestUser mentor) =>
        app.WithDbAsync(db => db.Actions.AsNoTracking().Where(a => a.MentorId == mentor.Id).ToListAsync());

    [Fact]
    public async Task Two_tabs_opened_in_the_same_minute_log_two_different_coffees_and_a_repeat_of_either_logs_nothing_more()
    {
        var (_, mentor, browser, colleague) = await MentorWithProgramAsync();
        var other = await _data.ColleagueAsync();
        var first = await browser.GetPageAsync("/week");
        var second = await browser.GetPageAsync("/week");

        // The week is kept as rendered for a minute, so both tabs carry the same form ids: the case this test is about.
        static string? IdIn(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("form").First(f => f.TextContent.Contains("Log coffee", StringComparison.Ordinal))
                .QuerySelector("input[name='Input.SubmissionId']")?.GetAttribute("value");
        IdIn(second).ShouldBe(IdIn(first), "the second tab should be the kept copy of the first");

        (await LogAsync(browser, first, "Coffee", Form(colleague, "2026-11-24"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LogAsync(browser, second, "Coffee", Form(other, "2026-11-25"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActionsOfAsync(mentor)).Select(a => (a.ColleagueId, a.OccurredOn)).OrderBy(a => a.OccurredOn)
            .ShouldBe([(colleague.Id, new DateOnly(2026, 11, 24)), (other.Id, new DateOnly(2026, 11, 25))]);

        // Each tab's form sent again (a double click, a retry) is still one coffee.
        (await LogAsync(browser, first, "Coffee", Form(colleague, "2026-11-24"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LogAsync(browser, second, "Coffee", Form(other, "2026-11-25"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActionsOfAsync(mentor)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Logging_a_coffee_a_shout_out_and_a_sponsor_note_reaches_36_of_36_minutes()
    {
        var (program, mentor, browser, colleague) = await MentorWithProgramAsync();

        foreach (var kind in new[] { "Coffee", "ShoutOut", "SponsorNote" })
        {
            var fill = Form(colleague);
            if (kind == "SponsorNote")
            {
                (fill["Input.SeniorLeader"], fill["Input.Accomplishment"]) = ("Helen Park", "Her launch");
            }

            var response = await LogAsync(browser, kind, fill);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldBe($"/week?program={program.Id}");
        }

        var week = await browser.GetPageAsync("/week");
        week.QuerySelector("#minutes-done")!.TextContent.ShouldContain("36 of 36 minutes");
        week.Body!.TextContent.ShouldContain("Week complete");
        var actions = await ActionsOfAsync(mentor);
        actions.Select(a => (a.Kind, a.Minutes)).OrderBy(a => a.Kind)
            .ShouldBe([(ActionKind.Coffee, 30), (ActionKind.ShoutOut, 5), (ActionKind.SponsorNote, 1)]);
        actions.ShouldAllBe(a => a.WeekStart == new DateOnly(2026, 11, 23) && a.CreatedUtc == AppFixture.DefaultNow.UtcDateTime);
    }

    [Fact]
    public async Task The_open_weeks_missing_kinds_are_plain_to_dos_and_only_an_ended_week_shows_what_was_missed()
    {
        var (program, _, browser, colleague) = await MentorWithProgramAsync();
        (await LogAsync(browser, "Coffee", Form(colleague))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var open = (await browser.GetPageAsync("/week")).QuerySelectorAll(".kind-status li").Select(li => (li.ClassName, li.QuerySelector("strong")!.TextContent)).ToList();
        open.ShouldBe([("done", "Done"), ("todo", "To do"), ("todo", "To do")], "never a red 'Not yet' in the week she is in");

        var lastWeek = (await browser.GetPageAsync($"/week?program={program.Id}&week=2026-11-16")).QuerySelectorAll(".kind-status li")
            .Select(li => (li.ClassName, li.QuerySelector("strong")!.TextContent)).ToList();
        lastWeek.ShouldAllBe(k => k.ClassName == "missed" && k.TextContent == "Not done");
    }

    [Fact]
    public async Task A_sponsor_note_asks_who_was_told_and_what_and_saves_nothing_without_them()
    {
        var (_, mentor, browser, colleague) = await MentorWithProgramAsync();
        var week = await browser.GetPageAsync("/week");
        // Both fields stand in the form, not folded away as optional.
        foreach (var id in new[] { "#sponsor-note-leader", "#sponsor-note-accomplishment" })
        {
            var field = week.QuerySelector(id)!;
            field.GetAttribute("aria-required").ShouldBe("true");
            field.Closest("details.more-details").ShouldBeNull();
        }

        var response = await LogAsync(browser, "SponsorNote", Form(colleague));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await Browser.ParseAsync(response);
        page.QuerySelector("#sponsor-note-leader-error")!.TextContent.ShouldBe("Name the senior leader you told.");
        page.QuerySelector("#sponsor-note-accomplishment-error")!.TextContent.ShouldContain("accomplishment");
        (await ActionsOfAsync(mentor)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_kind_keeps_its_own_details()
    {
        var (program, mentor, browser, colleague) = await MentorWithProgramAsync();
        var coffee = Form(colleague);
        coffee["Input.Topics"] = "Promotion case";
        coffee["Input.PrivateNotes"] = "She wants to lead the platform team.";
        var shoutOut = Form(colleague);
        shoutOut["Input.Achievement"] = "Shipped billing";
        shoutOut["Input.WhereGiven"] = "All-hands";
        var note = Form(colleague);
        note["Input.SeniorLeader"] = "CTO";
        note["Input.Accomplishment"] = "Shipped billing";

        foreach (var (kind, form) in new[] { ("Coffee", coffee), ("ShoutOut", shoutOut), ("SponsorNote", note) })
        {
            (await LogAsync(browser, kind, form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var actions = (await ActionsOfAsync(mentor)).ToDictionary(a => a.Kind);
        actions[ActionKind.Coffee].Topics.ShouldBe("Promotion case");
        app.ReadNote(actions[ActionKind.Coffee].PrivateNotes).ShouldBe("She wants to lead the platform team.");
        actions[ActionKind.Coffee].Achievement.ShouldBeNull();
        actions[ActionKind.ShoutOut].WhereGiven.ShouldBe("All-hands");
        actions[ActionKind.ShoutOut].PrivateNotes.ShouldBeNull();
        actions[ActionKind.SponsorNote].SeniorLeader.ShouldBe("CTO");
    }

    [Fact]
    public async Task A_crafted_field_of_another_kind_is_not_saved()
    {
        var (program, mentor, browser, colleague) = await MentorWithProgramAsync();
        var coffee = Crafted(program, "Coffee", colleague);
        coffee["Input.Achievement"] = "stray field from another kind";
        (await browser.PostCraftedAsync("/log", coffee, tokenFrom: "/week")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActionsOfAsync(mentor)).ShouldHaveSingleItem().Achievement.ShouldBeNull();
    }

    [Fact]
    public async Task The_coffee_form_defaults_to_today_and_30_minutes_and_offers_recent_colleagues_without_choosing_one()
    {
        var (program, mentor, browser, _) = await MentorWithProgramAsync();
        var first = await _data.ColleagueAsync();
        var last = await _data.ColleagueAsync();
        await _data.ActionAsync(mentor, program, first, ActionKind.Coffee, new DateOnly(2026, 11, 16));
        await _data.ActionAsync(mentor, program, last, ActionKind.ShoutOut, new DateOnly(2026, 11, 18));

        var week = await browser.GetPageAsync("/week");
        week.QuerySelector("#coffee-date")!.GetAttribute("value").ShouldBe("2026-11-25");
        week.QuerySelector("#coffee-minutes")!.GetAttribute("value").ShouldBe("30");
        // Nobody is chosen for him (a preselected colleague invites logging the wrong person); the people he met last are
        // one tap each, most recent first, on every log form.
        Browser.ChosenColleague(week, "coffee").ShouldBeNull();
        foreach (var slug in new[] { "coffee", "shout-out", "sponsor-note" })
        {
            Browser.ColleagueChips(week, slug).ShouldBe([last.Id.ToString(), first.Id.ToString()]);
            Browser.ChosenColleague(week, slug).ShouldBeNull();
        }

        // Sent as it stands, the form logs nothing and asks for her.
        var page = await browser.SubmitAsync(week, "/week", "Log coffee");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Choose a colleague");
        (await ActionsOfAsync(mentor)).Count.ShouldBe(2);

        // One tap on her chip and the form is ready: everything else it needs it carries.
        (await browser.SubmitAsync(week, "/week", "Log coffee", new() { ["Input.ColleagueId"] = last.Id.ToString() })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActionsOfAsync(mentor)).Count(a => a.ColleagueId == last.Id && a.Kind == ActionKind.Coffee).ShouldBe(1);
    }

    [Fact]
    public async Task A_new_colleague_is_added_to_the_directory_once_per_email()
    {
        var (program, mentor, browser, _) = await MentorWithProgramAsync();
        var email = $"{TestData.Unique("new")}@example.com";
        var form = Form(null);
        form["Input.NewColleagueName"] = "Nadia New";
        form["Input.NewColleagueEmail"] = email;
        (await LogAsync(browser, "Coffee", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        form["Input.ColleagueId"] = ""; // the shout-out form now offers her, but she is typed again, in capitals
        form["Input.NewColleagueEmail"] = "  " + email.ToUpperInvariant() + " ";
        (await LogAsync(browser, "ShoutOut", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var colleagues = await app.WithDbAsync(db => db.Colleagues.Where(c => c.Email == email).ToListAsync());
        colleagues.ShouldHaveSingleItem().Name.ShouldBe("Nadia New");
        (await ActionsOfAsync(mentor)).ShouldAllBe(a => a.ColleagueId == colleagues[0].Id);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "Input.Minutes", "0", "Minutes must be between 1 and 240." },
        { "Input.Minutes", "241", "Minutes must be between 1 and 240." },
        { "Input.OccurredOn", "2026-11-26", "The date can&#x27;t be in the future" },
        { "Input.OccurredOn", "2025-12-31", "The date can&#x27;t be before the program started" },
        { "Input.OccurredOn", "2026-11-01", "Only this week and last week can be logged" },
        { "Input.ColleagueId", "", "Choose a colleague, or add someone new with their name and email." },
        { "Input.NewColleagueEmail", "nadia@", "&#x201C;nadia@&#x201D; is not an email address: enter one like name@example.com." },
        { "Input.PrivateNotes", new string('n', 4001), "Private notes can be at most 4,000 characters" },
        { "Input.Topics", new string('t', 1001), "Topics can be at most 1,000 characters" },
        { "Input.Minutes", "lots", "is not a valid" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_sentence_and_saves_nothing(string field, string value, string message)
    {
        var (program, mentor, browser, colleague) = await MentorWithProgramAsync();
        var form = Form(colleague);
        form[field] = value;
        if (field == "Input.NewColleagueEmail")
        {
            form["Input.NewColleagueName"] = "Nadia";
        }

        var response = await LogAsync(browser, "Coffee", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain(message);
        (await ActionsOfAsync(mentor)).ShouldBeEmpty();
        var colleagues = await app.WithDbAsync(db => db.Colleagues.CountAsync(c => c.Name == "Nadia"));
        colleagues.ShouldBe(0);
    }

    /// <summary>What no form offers: a colleague outside the list, a kind that does not exist.</summary>
    public static TheoryData<string, string, string> CraftedInputs => new()
    {
        { "Input.ColleagueId", "999999", "That colleague is not in the directory." },
        { "Input.Kind", "Lunch", "Choose coffee, shout-out or sponsor note." },
    };

    [Theory]
    [MemberData(nameof(CraftedInputs))]
    public async Task A_crafted_input_gets_a_sentence_and_saves_nothing(string field, string value, string message)
    {
        var (program, mentor, browser, colleague) = await MentorWithProgramAsync();
        var form = Crafted(program, "Coffee", colleague);
        form[field] = value;

        var response = await browser.PostCraftedAsync("/log", form, tokenFrom: "/week");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await ActionsOfAsync(mentor)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_error_sits_next_to_its_field_and_the_typed_values_are_kept()
    {
        var (program, _, browser, colleague) = await MentorWithProgramAsync();
        var form = Form(colleague, minutes: "500");
        form["Input.Topics"] = "Keep me";
        var page = await Browser.ParseAsync(await LogAsync(browser, "Coffee", form));

        var minutes = page.QuerySelector("#coffee-minutes")!;
        minutes.GetAttribute("aria-invalid").ShouldBe("true");
        minutes.GetAttribute("value").ShouldBe("500");
        page.QuerySelector(minutes.GetAttribute("aria-describedby") is { } id ? "#" + id : "#none")!.TextContent
            .ShouldBe("Minutes must be between 1 and 240.");
        page.QuerySelector("#coffee-topics")!.GetAttribute("value").ShouldBe("Keep me");
    }

    [Fact]
    public async Task A_crafted_log_in_a_program_the_mentor_is_not_enrolled_in_is_refused()
    {
        var (_, mentor, browser, colleague) = await MentorWithProgramAsync();
        var other = await _data.ProgramAsync();
        var response = await browser.PostCraftedAsync("/log", Crafted(other, "Coffee", colleague), tokenFrom: "/week");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("You are not enrolled in that program.");
        (await ActionsOfAsync(mentor)).ShouldBeEmpty();
    }

    // The log POST keeps the mentor's program and the picked colleague between requests (issue 19): a change made
    // after one log must be seen by the next, not the kept copy.
    [Fact]
    public async Task A_mentor_who_leaves_after_a_log_is_refused_on_the_next()
    {
        var (program, mentor, browser, colleague) = await MentorWithProgramAsync();
        (await LogAsync(browser, "Coffee", Form(colleague))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var openTab = await browser.GetPageAsync("/week"); // the week stays open in her browser
        await app.WithDbAsync(async db =>
        {
            (await db.Enrolments.SingleAsync(e => e.MentorId == mentor.Id && e.ProgramId == program.Id)).Status = EnrolmentStatus.Left;
            return await db.SaveChangesAsync();
        });

        var response = await LogAsync(browser, openTab, "ShoutOut", Form(colleague));
        response.StatusCode.ShouldBe(HttpStatusCode.OK); // the form again (she has no program left to show): nothing logged
        (await ActionsOfAsync(mentor)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_colleague_who_asks_not_to_be_named_after_a_log_is_refused_on_the_next()
    {
        var (_, mentor, browser, colleague) = await MentorWithProgramAsync();
        (await LogAsync(browser, "Coffee", Form(colleague))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var openTab = await browser.GetPageAsync("/week"); // the week stays open in his browser
        await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == colleague.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.NotNamed, true)));

        var response = await LogAsync(browser, openTab, "ShoutOut", Form(colleague));
        (await response.Content.ReadAsStringAsync()).ShouldContain("That colleague is not in the directory.");
        (await ActionsOfAsync(mentor)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task User_text_is_html_encoded_wherever_it_is_shown()
    {
        var (_, mentor, browser, _) = await MentorWithProgramAsync();
        var colleague = await _data.ColleagueAsync(name: "<script>alert('x')</script>");
        var form = Form(colleague);
        form["Input.Topics"] = "<img src=x onerror=alert(1)>";
        (await LogAsync(browser, "Coffee", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        foreach (var url in new[] { "/week", "/colleagues", $"/actions/{(await ActionsOfAsync(mentor)).Single().Id}" })
        {
            var html = await (await browser.Client.GetAsync(new Uri(url, UriKind.Relative))).Content.ReadAsStringAsync();
            html.ShouldNotContain("<script>alert");
            html.ShouldNotContain("<img src=x");
            html.ShouldContain("&lt;script&gt;");
        }
    }

    [Fact]
    public async Task The_log_page_deep_link_shows_one_form_and_an_unknown_kind_is_404()
    {
        var (program, mentor, browser, colleague) = await MentorWithProgramAsync();
        await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        var page = await browser.GetPageAsync("/log/shout-out");
        page.QuerySelectorAll("form.action-form").Length.ShouldBe(1);
        page.QuerySelector("#shout-out-minutes")!.GetAttribute("value").ShouldBe("5");
        Browser.ChosenColleague(page, "shout-out").ShouldBeNull();
        Browser.ColleagueChips(page, "shout-out").ShouldBe([colleague.Id.ToString()]);
        await browser.GetPageAsync("/log/lunch", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_mentor_with_no_program_is_told_what_to_do()
    {
        var browser = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.Mentor));
        (await browser.GetPageAsync("/week")).Body!.TextContent.ShouldContain("You're not in a program yet");
    }

    [Fact]
    public async Task A_mentor_in_several_programs_chooses_the_program()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var first = await _data.ProgramAsync(configure: p => p.Name = "A " + p.Name);
        var second = await _data.ProgramAsync(timeZone: "Asia/Tokyo", configure: p => p.Name = "B " + p.Name);
        var mentor = await _data.MentorAsync(first, second);
        var browser = await Browser.SignedInAsync(app, mentor);

        var page = await browser.GetPageAsync("/week");
        page.QuerySelectorAll("#program-picker option").Select(o => o.TextContent).ShouldBe([first.Name, second.Name]);
        page.QuerySelector("input[name='Input.ProgramId']")!.GetAttribute("value").ShouldBe(first.Id.ToString());

        page = await browser.GetPageAsync($"/week?program={second.Id}");
        page.QuerySelector("#program-picker option[selected]")!.TextContent.ShouldBe(second.Name);
        page.QuerySelector("input[name='Input.ProgramId']")!.GetAttribute("value").ShouldBe(second.Id.ToString());

        var colleague = await _data.ColleagueAsync();
        (await LogAsync(browser, "Coffee", Form(colleague), $"/week?program={second.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActionsOfAsync(mentor)).ShouldHaveSingleItem().ProgramId.ShouldBe(second.Id);
    }
}
