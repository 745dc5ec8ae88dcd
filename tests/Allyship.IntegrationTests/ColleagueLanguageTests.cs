using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Voice;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// A colleague's language (issue 40): set by the directory's CSV, the editor or SCIM's preferredLanguage; her confirmation
/// email and her link pages are in it whoever sends them and whatever her browser asks for; without one, the program's.
/// </summary>
public sealed partial class ColleagueLanguageTests(ITestOutputHelper output)
{
    private static readonly DateOnly Week = new(2026, 11, 16);

    [GeneratedRegex(@"/confirm/([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmLink();

    [Fact]
    public async Task The_directory_sets_her_language_by_csv_editor_and_scim_and_refuses_what_is_not_a_language()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));
        var lucia = $"{TestData.Unique("lucia")}@example.com";
        var ana = $"{TestData.Unique("ana")}@example.com";

        var csv = Encoding.UTF8.GetBytes($"name,email,language\nLucía Pérez,{lucia},es\nAna Silva,{ana},\n");
        var preview = await Browser.ParseAsync(await admin.SubmitAsync("/admin/colleagues/import", "Preview", files: new() { ["Upload"] = new("directory.csv", csv) }));
        (await admin.SubmitAsync(preview, "/admin/colleagues/import", "Import", within: "form[action*='handler=Import']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var her = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == lucia));
        her.Language.ShouldBe("es");
        (await app.WithDbAsync(db => db.Colleagues.Where(c => c.Email == ana).Select(c => c.Language).SingleAsync())).ShouldBeNull();

        var bad = Encoding.UTF8.GetBytes($"name,email,language\nLucía Pérez,{lucia},Spanish please\n");
        (await Browser.ParseAsync(await admin.SubmitAsync("/admin/colleagues/import", "Preview", files: new() { ["Upload"] = new("directory.csv", bad) })))
            .QuerySelector("#import-errors")!.TextContent.ShouldContain("“Spanish please” is not a language code");

        // The editor shows it and changes it through its own form; a file without the column leaves it as it is.
        var edit = await admin.GetPageAsync($"/admin/colleagues/{her.Id}/edit");
        edit.QuerySelector("#Language option[selected]")!.TextContent.ShouldBe("Español");
        (await admin.SubmitAsync($"/admin/colleagues/{her.Id}/edit", "Save", new() { ["Input.Language"] = "fr" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == her.Id).Select(c => c.Language).SingleAsync())).ShouldBe("fr");
        var without = Encoding.UTF8.GetBytes($"name,email,department\nLucía Pérez,{lucia},Legal\n");
        preview = await Browser.ParseAsync(await admin.SubmitAsync("/admin/colleagues/import", "Preview", files: new() { ["Upload"] = new("directory.csv", without) }));
        (await admin.SubmitAsync(preview, "/admin/colleagues/import", "Import", within: "form[action*='handler=Import']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == her.Id).Select(c => c.Language).SingleAsync())).ShouldBe("fr");

        // SCIM: preferredLanguage as Accept-Language writes it, read back as kept.
        var scim = await ScimClient.WithTokenAsync(app);
        var sofia = $"{TestData.Unique("sofia")}@example.com";
        var created = await scim.PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{sofia}}","displayName":"Sofía Ruiz","active":true,
             "preferredLanguage":"es_MX, es;q=0.9", "emails":[{"value":"{{sofia}}","type":"work","primary":true}]}
            """);
        created.Status.ShouldBe(HttpStatusCode.Created);
        created.Body!["preferredLanguage"]!.GetValue<string>().ShouldBe("es-MX");
        (await app.WithDbAsync(db => db.Colleagues.Where(c => c.Email == sofia).Select(c => c.Language).SingleAsync())).ShouldBe("es-MX");
    }

    [Fact]
    public async Task A_spanish_colleague_gets_her_confirmation_email_and_pages_in_spanish_and_an_english_one_in_english()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 2), configure: p => p.AskColleaguesToConfirm = true);
        var mentor = await data.MentorAsync(program);
        var lucia = await data.ColleagueAsync("Lucía Pérez");
        var amara = await data.ColleagueAsync("Amara Okafor");
        await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == lucia.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Language, "es")));
        var coffee = await data.ActionAsync(mentor, program, lucia, ActionKind.Coffee, new DateOnly(2026, 11, 17));
        await app.WithDbAsync(db => db.Actions.Where(a => a.Id == coffee.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Topics, "Su ascenso")));
        await data.ActionAsync(mentor, program, amara, ActionKind.Coffee, new DateOnly(2026, 11, 17));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 5, 30, 0, TimeSpan.Zero));
        (await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(job => job.RunAsync())).Colleagues.ShouldBe(2);
        var spanish = await app.WithDbAsync(db => db.Emails.AsNoTracking().SingleAsync(e => e.Kind == EmailKind.Confirmation && e.ToAddress == lucia.Email));
        spanish.Subject.ShouldBe($"¿Ocurrió esto? Café con {mentor.Email}");
        spanish.TextBody.ShouldContain("Hola, Lucía:");
        spanish.TextBody.ShouldContain("martes, 17 de noviembre");
        spanish.TextBody.ShouldContain("Hablasteis de: Su ascenso");
        spanish.TextBody.ShouldContain("Dejar de recibir estos correos");
        spanish.HtmlBody.ShouldContain("<html lang=\"es\"");
        var english = await app.WithDbAsync(db => db.Emails.AsNoTracking().SingleAsync(e => e.Kind == EmailKind.Confirmation && e.ToAddress == amara.Email));
        english.Subject.ShouldBe($"Did this happen? Coffee with {mentor.Email}");
        english.TextBody.ShouldContain("Tuesday 17 November");

        // Her page is in Spanish though her browser asks for English; she answers through its own form.
        var token = ConfirmLink().Match(spanish.TextBody).Groups[1].Value;
        var browser = new Browser(app.NewClient());
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var page = await browser.GetPageAsync($"/confirm/{token}");
        page.DocumentElement.GetAttribute("lang").ShouldBe("es");
        page.QuerySelector("h1")!.TextContent.ShouldBe("Hola, Lucía");
        page.QuerySelector("legend")!.TextContent.ShouldBe($"Café con {mentor.Email}, martes, 17 de noviembre");
        var answered = await browser.SubmitAsync($"/confirm/{token}", "Guardar mis respuestas", new() { ["Answers[0].Answer"] = "happened" });
        answered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var summary = await browser.GetPageAsync($"/confirm/{token}");
        summary.QuerySelector("#answers-summary h2")!.TextContent.ShouldBe("Gracias: esto es lo que nos dijiste");
        summary.QuerySelector($"#said-{coffee.Id}")!.TextContent.ShouldContain("ocurrió");

        // Her choices page is hers as well; a link that is not genuine names nobody, so it is in the browser's language.
        (await browser.GetPageAsync($"/colleague/choices/{token}")).QuerySelector("h1")!.TextContent.ShouldBe("Tus opciones");
        (await new Browser(app.NewClient()).GetPageAsync($"/colleague/choices/{token}x", HttpStatusCode.BadRequest)).DocumentElement.GetAttribute("lang").ShouldBe("en");
    }
}
