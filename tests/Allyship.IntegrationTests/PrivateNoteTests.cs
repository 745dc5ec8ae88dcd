using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Backups;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>An app whose Data Protection key ring is encrypted with a certificate (DataProtection:CertificatePath).</summary>
public sealed class CertificateApp : AppFixtureBase
{
    public CertificateApp()
    {
        Directory.CreateDirectory(DataDirectory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Allyship key ring (tests)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(DataDirectory, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test-password"));
        Settings["DataProtection:CertificatePath"] = path;
        Settings["DataProtection:CertificatePassword"] = "test-password";
    }
}

/// <summary>Mentors' private notes are ciphertext everywhere at rest, readable by their author, across key rotations.</summary>
public sealed class PrivateNoteTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private async Task<int> LogCoffeeAsync(Browser browser, PledgeProgram program, Colleague colleague, string note)
    {
        (await browser.SubmitAsync($"/week?program={program.Id}", "Log coffee", new()
        {
            ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.OccurredOn"] = "2026-11-24",
            ["Input.Minutes"] = "30", ["Input.PrivateNotes"] = note,
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return await app.WithDbAsync(db => db.Actions.OrderByDescending(a => a.Id).Select(a => a.Id).FirstAsync());
    }

    private static bool Holds(byte[] bytes, string word) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(word)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(word)) >= 0;

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_note_is_nowhere_in_the_database_its_wal_or_a_backup_yet_its_author_reads_it()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);
        var sentinel = $"SENTINEL{Guid.NewGuid():N}";

        var id = await LogCoffeeAsync(browser, program, colleague, $"She wants the {sentinel} role.");
        (await browser.GetPageAsync($"/actions/{id}")).Body!.TextContent.ShouldContain(sentinel, customMessage: "the author reads her note");
        (await app.WithDbAsync(db => db.Actions.Where(a => a.Id == id).Select(a => a.PrivateNotes).SingleAsync())).ShouldStartWith("dp1:");

        if (TestDatabase.IsPostgres)
        {
            var table = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT string_agg(t::text, '') AS \"Value\" FROM \"Actions\" t").SingleAsync());
            table.ShouldNotContain(sentinel);
            return;
        }

        foreach (var file in new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            Holds(ReadShared(file), sentinel).ShouldBeFalse($"{Path.GetFileName(file)} holds the note in plain text");
        }

        var backup = (await app.RunAsync<SqliteBackupJob, string?>(job => job.RunAsync())).ShouldNotBeNull();
        Holds(ReadShared(backup), sentinel).ShouldBeFalse("the backup holds the note in plain text");
    }

    [Fact]
    public async Task Notes_stay_readable_after_a_new_key_and_a_plain_note_from_before_is_encrypted_at_start()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);
        var before = await LogCoffeeAsync(browser, program, colleague, "Written under the first key.");
        var stored = await app.WithDbAsync(db => db.Actions.Where(a => a.Id == before).Select(a => a.PrivateNotes).SingleAsync());

        var keys = app.Services.GetRequiredService<IKeyManager>();
        var rotated = keys.CreateNewKey(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90));
        var after = await LogCoffeeAsync(browser, program, colleague, "Written under the second key.");
        (await app.WithDbAsync(db => db.Actions.Where(a => a.Id == after).Select(a => a.PrivateNotes).SingleAsync())).ShouldNotBe(stored);
        (await browser.GetPageAsync($"/actions/{before}")).Body!.TextContent.ShouldContain("Written under the first key.");
        (await browser.GetPageAsync($"/actions/{after}")).Body!.TextContent.ShouldContain("Written under the second key.");
        rotated.KeyId.ShouldNotBe(Guid.Empty);

        // A database from before encryption: its plain notes are encrypted when the app starts (after the migrations).
        await app.WithDbAsync(db => db.Actions.Where(a => a.Id == before).ExecuteUpdateAsync(s => s.SetProperty(a => a.PrivateNotes, "An old plain note.")));
        await app.Services.MigrateDatabaseAsync();
        (await app.WithDbAsync(db => db.Actions.Where(a => a.Id == before).Select(a => a.PrivateNotes).SingleAsync())).ShouldStartWith("dp1:");
        (await browser.GetPageAsync($"/actions/{before}")).Body!.TextContent.ShouldContain("An old plain note.");
    }
}

public sealed class KeyRingCertificateTests(CertificateApp app, ITestOutputHelper output) : IClassFixture<CertificateApp>
{
    [Fact]
    public async Task With_a_certificate_the_key_ring_in_the_database_is_encrypted()
    {
        app.LogTo(output);
        var data = new TestData(app);
        var mentor = await data.MentorAsync(await data.ProgramAsync());
        await Browser.SignedInAsync(app, mentor); // creates a key
        var xml = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        xml.ShouldNotBeEmpty();
        // Unprotected, a key's secret is a plain <value> under a "key below is in an unencrypted form" comment.
        xml.ShouldAllBe(k => k.Contains("<encryptedSecret", StringComparison.Ordinal) && !k.Contains("unencrypted form", StringComparison.Ordinal));
    }
}
