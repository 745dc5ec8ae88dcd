using System.Net;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Whose language a page is in (issue 40): the browser's, unless the account chose one on Settings; the pseudo-locales
/// for finding untranslated text; lang and dir on every page.
/// </summary>
public sealed class LocalisationTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static string Tab(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector(".app-tabs a")!.TextContent.Trim();

    [Fact]
    public async Task The_browsers_language_is_used_until_the_account_chooses_and_english_is_the_default()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);

        var english = await browser.GetPageAsync("/week");
        english.DocumentElement.GetAttribute("lang").ShouldBe("en");
        english.DocumentElement.GetAttribute("dir").ShouldBe("ltr");
        Tab(english).ShouldBe("This week");

        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES,es;q=0.9");
        var spanish = await browser.GetPageAsync("/week");
        spanish.DocumentElement.GetAttribute("lang").ShouldBe("es");
        Tab(spanish).ShouldBe("Esta semana");
    }

    [Fact]
    public async Task A_mentor_who_picks_francais_reads_french_from_then_on_whatever_the_browser_says()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        (await browser.SubmitAsync("/preferences", "Save settings", new() { ["Input.Language"] = "fr" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var settings = await browser.GetPageAsync("/preferences");
        settings.QuerySelector("h1")!.TextContent.ShouldBe("E-mails et rappels");
        settings.QuerySelector("[role=status]")!.TextContent.ShouldBe("Vos paramètres d’e-mail sont enregistrés.");
        settings.QuerySelectorAll("#reminder-day option").Select(o => o.TextContent).ShouldContain("Mercredi"); // the days in French, the values as before
        settings.QuerySelector("#reminder-day option[value=Wednesday]").ShouldNotBeNull();

        var week = await browser.GetPageAsync("/week");
        week.DocumentElement.GetAttribute("lang").ShouldBe("fr");
        Tab(week).ShouldBe("Cette semaine");
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == mentor.Id).Select(u => u.Language).SingleAsync())).ShouldBe("fr");

        // Another device, another browser: her language follows her sign-in.
        var phone = await Browser.SignedInAsync(app, mentor);
        phone.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        Tab(await phone.GetPageAsync("/week")).ShouldBe("Cette semaine");
        (await phone.GetPageAsync("/preferences")).QuerySelector("#language option[selected]")!.GetAttribute("value").ShouldBe("fr");
    }

    [Fact]
    public async Task The_pseudo_locales_mark_every_localised_string_and_the_mirrored_one_runs_right_to_left()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);

        var pseudo = await browser.GetPageAsync("/week?culture=qps-ploc");
        Tab(pseudo).ShouldStartWith("[Ŧĥîš ŵééķ");
        Tab(pseudo).ShouldEndWith("]");
        pseudo.DocumentElement.GetAttribute("lang").ShouldBe("en-XA"); // Android's tag for it: "qps" is no language subtag to a validator

        var mirrored = await browser.GetPageAsync("/week?culture=qps-plocm");
        mirrored.DocumentElement.GetAttribute("dir").ShouldBe("rtl");
    }

    [Fact]
    public async Task Hr_who_reads_spanish_gets_the_report_its_definitions_and_the_workbooks_sheets_in_spanish()
    {
        var hr = await Browser.SignedInAsync(app, await _data.UserAsync(Allyship.Web.Data.Roles.HR));
        hr.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-MX,es;q=0.9"); // a Spanish browser: Spanish is what she reads

        var report = await hr.GetPageAsync("/reports");
        report.QuerySelector("h1")!.TextContent.Trim().ShouldBe("Informe trimestral");
        report.QuerySelector("#definitions summary")!.TextContent.ShouldBe("Qué significan estas cifras");
        report.QuerySelector("#def-completion-rate dt")!.TextContent.ShouldBe("Tasa de finalización");

        var csv = await (await hr.Client.GetAsync(new Uri("/reports/download?program=all&format=csv&sheet=summary", UriKind.Relative))).Content.ReadAsStringAsync();
        csv.ShouldContain("Medida,Valor");
        csv.ShouldContain("Mentores inscritos");
        var definitions = await (await hr.Client.GetAsync(new Uri("/reports/download?program=all&format=csv&sheet=definitions", UriKind.Relative))).Content.ReadAsStringAsync();
        definitions.ShouldContain("Cifra,Qué significa,Hojas");
        definitions.ShouldContain("Tasa de confirmación");
    }

    [Fact]
    public async Task A_program_admin_who_reads_french_gets_the_dashboard_and_its_settings_in_french()
    {
        var program = await _data.ProgramAsync();
        await _data.MentorAsync(program);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Allyship.Web.Data.Roles.ProgramAdmin));
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9");

        var dashboard = await admin.GetPageAsync($"/admin/programs/{program.Id}");
        dashboard.QuerySelector("#attention-title")!.TextContent.ShouldBe("Demande votre attention");
        dashboard.QuerySelector("#completion-chart")!.GetAttribute("data-axis").ShouldBe("% des mentors avec une semaine complète");

        var settings = await admin.GetPageAsync($"/admin/programs/{program.Id}/edit");
        settings.QuerySelector("h1")!.TextContent.ShouldBe("Paramètres du programme");
        settings.QuerySelectorAll("label[for^=work-]").Select(l => l.TextContent).ShouldContain("Mercredi");
        var refused = await Browser.ParseAsync(await admin.SubmitAsync($"/admin/programs/{program.Id}/edit", "Enregistrer les paramètres", new() { ["Input.Name"] = "" }));
        refused.QuerySelector("#Name-error")!.TextContent.ShouldBe("Saisissez le nom du programme.");
    }
}
