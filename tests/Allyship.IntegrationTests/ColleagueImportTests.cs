using System.Net;
using System.Text;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed class ColleagueImportTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private async Task<Browser> AdminAsync() => await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

    private static Task<HttpResponseMessage> PreviewAsync(Browser admin, byte[] file) =>
        admin.SubmitAsync("/admin/colleagues/import", "Preview", files: new() { ["Upload"] = new("directory.csv", file) });

    [Fact]
    public async Task A_directory_is_previewed_then_imported_and_existing_people_are_updated_by_email()
    {
        var existing = await _data.ColleagueAsync(name: "Old Name", email: $"{TestData.Unique("known")}@example.com", department: "Legal");
        var fresh = $"{TestData.Unique("fresh")}@example.com";
        var csv = Encoding.UTF8.GetBytes($"""
            Name,Email,Department,Level,Manager Email
            "Okafor, Amara",{fresh},Engineering,Engineer II,boss@example.com
            New Name,{existing.Email.ToUpperInvariant()},Finance,Analyst,
            """);
        var admin = await AdminAsync();

        var preview = await Browser.ParseAsync(await PreviewAsync(admin, csv));
        preview.QuerySelector("#preview-summary")!.TextContent.ShouldBe("1 to add, 1 to update, 0 unchanged.");
        (await app.WithDbAsync(db => db.Colleagues.AnyAsync(c => c.Email == fresh))).ShouldBeFalse(); // a preview changes nothing

        var response = await admin.SubmitAsync(preview, "/admin/colleagues/import", "Import", within: "form[action*='handler=Import']");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var added = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == fresh));
        (added.Name, added.Department, added.Level, added.ManagerEmail).ShouldBe(("Okafor, Amara", "Engineering", "Engineer II", "boss@example.com"));
        var updated = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Id == existing.Id));
        (updated.Name, updated.Department).ShouldBe(("New Name", "Finance"));
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "colleagues.import" && a.Details == "1 added, 1 updated, 0 unchanged"))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_line_for_someone_the_identity_provider_keeps_is_left_out_and_the_preview_says_so()
    {
        var scim = await ScimClient.WithTokenAsync(app);
        var kept = $"{TestData.Unique("kept")}@example.com";
        (await scim.PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{kept}}","displayName":"Kept Byentra","active":true,
             "emails":[{"value":"{{kept}}","type":"work","primary":true}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research"} }
            """)).Status.ShouldBe(HttpStatusCode.Created);
        var fresh = $"{TestData.Unique("fresh")}@example.com";
        var admin = await AdminAsync();

        var csv = Encoding.UTF8.GetBytes($"name,email,department\nFresh Person,{fresh},Sales\nSomeone Else,{kept.ToUpperInvariant()},Marketing\n");
        var preview = await Browser.ParseAsync(await PreviewAsync(admin, csv));
        preview.QuerySelector("#preview-summary")!.TextContent.ShouldBe("1 to add, 0 to update, 0 unchanged, 1 left to your identity provider.");
        preview.QuerySelector("#kept-by-provider")!.TextContent.ShouldContain($"Line 3: {kept} is kept by your identity provider");

        (await admin.SubmitAsync(preview, "/admin/colleagues/import", "Import", within: "form[action*='handler=Import']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var entry = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == kept));
        (entry.Name, entry.Department).ShouldBe(("Kept Byentra", "Research"), "the identity provider's details stay");
        (await app.WithDbAsync(db => db.Colleagues.AnyAsync(c => c.Email == fresh))).ShouldBeTrue();
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "colleagues.import" && a.Details == "1 added, 0 updated, 0 unchanged, 1 left to the identity provider"))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_directory_saved_by_excel_with_semicolons_imports_and_every_problem_of_a_line_is_listed()
    {
        var fresh = $"{TestData.Unique("semi")}@example.com";
        var admin = await AdminAsync();
        var bad = await Browser.ParseAsync(await PreviewAsync(admin, Encoding.UTF8.GetBytes($"name;email;leader\r\nAda;{fresh};no\r\n;bea@;maybe\r\n")));
        bad.QuerySelectorAll("#import-errors li").Select(li => li.TextContent).ShouldBe([
            "Line 3: The leader column takes yes or no, not “maybe”. Enter the colleague's name. “bea@” is not an email address: enter one like name@example.com.",
        ]);

        var preview = await Browser.ParseAsync(await PreviewAsync(admin, Encoding.UTF8.GetBytes($"\uFEFFName;Email;Department;Level\r\n\"Okafor; Amara\";{fresh};Engineering;Engineer II\r\n")));
        preview.QuerySelector("#preview-summary")!.TextContent.ShouldBe("1 to add, 0 to update, 0 unchanged.");
        (await admin.SubmitAsync(preview, "/admin/colleagues/import", "Import", within: "form[action*='handler=Import']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var added = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == fresh));
        (added.Name, added.Department, added.Level).ShouldBe(("Okafor; Amara", "Engineering", "Engineer II"));
    }

    [Fact]
    public async Task One_bad_row_imports_nothing_says_which_line_and_why_and_a_crafted_import_of_it_is_refused()
    {
        var ok = $"{TestData.Unique("ok")}@example.com";
        var csv = Encoding.UTF8.GetBytes($"name,email,department\nAda Good,{ok},Sales\nBea Bad,bea@,Sales\n,nobody@example.com,Sales\nAda Again,{ok},Legal\n");
        var admin = await AdminAsync();
        var page = await Browser.ParseAsync(await PreviewAsync(admin, csv));
        var errors = page.QuerySelector("#import-errors")!.TextContent;
        errors.ShouldContain("Nothing was imported.");
        errors.ShouldContain("Line 3: “bea@” is not an email address: enter one like name@example.com.");
        errors.ShouldContain("Line 4: Enter the colleague's name.");
        errors.ShouldContain($"Line 5: {ok} is already on line 2 of this file.");
        page.QuerySelector("form[action*='handler=Import']").ShouldBeNull();
        (await app.WithDbAsync(db => db.Colleagues.AnyAsync(c => c.Email == ok))).ShouldBeFalse();

        // The rows to fix download as a CSV: the file's own columns, then the line and every problem.
        var badRows = page.QuerySelector("form[action*='handler=BadRows']")!;
        badRows.TextContent.ShouldContain("Download the 3 rows to fix");
        var download = await admin.SubmitAsync(page, "/admin/colleagues/import", "Download the 3 rows to fix");
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        download.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("directory-to-fix.csv");
        (await download.Content.ReadAsStringAsync()).TrimStart('\uFEFF').ShouldBe(
            "name,email,department,line,problem\r\n"
            + "Bea Bad,bea@,Sales,3,“bea@” is not an email address: enter one like name@example.com.\r\n"
            + ",nobody@example.com,Sales,4,Enter the colleague's name.\r\n"
            + $"Ada Again,{ok},Legal,5,{ok} is already on line 2 of this file.\r\n");

        // The template has the columns the import reads, and imports as it is.
        var template = await admin.Client.GetAsync("/admin/colleagues/import?handler=Template");
        var templateText = (await template.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        templateText.ShouldStartWith("name,email,department,level,manager email,leader,language\r\n");
        var templatePreview = await Browser.ParseAsync(await PreviewAsync(admin, Encoding.UTF8.GetBytes(templateText)));
        templatePreview.QuerySelector("#import-errors").ShouldBeNull();

        // Crafted: the bad file posted to the import step directly (no page offers it) is refused the same way.
        var direct = await admin.PostCraftedAsync("/admin/colleagues/import?handler=Import",
            new() { ["FileContent"] = Convert.ToBase64String(csv), ["FileName"] = "bad.csv" }, tokenFrom: "/admin/colleagues/import");
        direct.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Colleagues.AnyAsync(c => c.Email == ok))).ShouldBeFalse();
    }

    [Fact]
    public async Task Files_that_are_not_utf8_have_unknown_columns_or_are_too_large_are_refused_with_a_reason()
    {
        var admin = await AdminAsync();
        var latin1 = Encoding.Latin1.GetBytes("name,email\nJosé Núñez,jose@example.com\n");
        (await Browser.ParseAsync(await PreviewAsync(admin, latin1))).QuerySelector("#import-errors")!.TextContent.ShouldContain("The file is not UTF-8 text");

        var unknown = Encoding.UTF8.GetBytes("name,email,shoe size\nAda,ada@example.com,38\n");
        (await Browser.ParseAsync(await PreviewAsync(admin, unknown))).QuerySelector("#import-errors")!.TextContent.ShouldContain("Unknown column “shoe size”");

        var large = new byte[(2 * 1024 * 1024) + 10];
        Array.Fill(large, (byte)'a');
        (await Browser.ParseAsync(await PreviewAsync(admin, large))).QuerySelector("#import-errors")!.TextContent.ShouldContain("larger than the limit of 2 MB");
    }

    [Fact]
    public async Task An_admin_searches_and_edits_the_directory()
    {
        var colleague = await _data.ColleagueAsync(name: TestData.Unique("Zelda"));
        var admin = await AdminAsync();
        var list = await admin.GetPageAsync($"/admin/colleagues?q={colleague.Name}");
        list.QuerySelectorAll("tbody tr").Length.ShouldBe(1);

        var taken = await _data.ColleagueAsync();
        var clash = await admin.SubmitAsync($"/admin/colleagues/{colleague.Id}/edit", "Save",
            new() { ["Input.Name"] = "Zelda Z", ["Input.Email"] = taken.Email });
        (await clash.Content.ReadAsStringAsync()).ShouldContain("Another colleague already has this email");

        var saved = await admin.SubmitAsync($"/admin/colleagues/{colleague.Id}/edit", "Save",
            new() { ["Input.Name"] = "Zelda Z", ["Input.Email"] = colleague.Email, ["Input.Department"] = "Product", ["Input.Level"] = "Lead" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Id == colleague.Id))).Department.ShouldBe("Product");
    }
}
