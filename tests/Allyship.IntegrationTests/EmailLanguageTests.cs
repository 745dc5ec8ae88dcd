using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Every kind of email in French and in Spanish (issue 40): rendered in its recipient's language, with no key left
/// untranslated (the localizers note each miss while watched), and in words that are not the English ones.
/// </summary>
public sealed class EmailLanguageTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    public static TheoryData<string, string> KindsAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var slug in new[]
        {
            "reminder", "last-call", "nudge", "weekly-summary", "admin-digest", "welcome", "invitation", "password-reset",
            "confirmation", "pulse", "concern-raised", "concern-reply", "concern-overdue", "leader-digest", "coffee-invite", "coffee-suggestion",
        })
        {
            data.Add(slug, Cultures.French);
            data.Add(slug, Cultures.Spanish);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public async Task Each_email_is_whole_in_french_and_spanish(string slug, string language)
    {
        app.LogTo(output);
        var sample = app.Services.GetServices<EmailSample>().Single(s => s.Slug == slug);
        var english = await sample.RenderAsync(app.Services);

        var missing = MissingTranslations.Watch();
        EmailContent translated;
        using (Cultures.Use(language))
        {
            translated = await sample.RenderAsync(app.Services);
        }

        missing.ShouldBeEmpty($"{slug} in {language} has untranslated text");
        translated.Html.ShouldContain($"<html lang=\"{language}\"");
        translated.Subject.ShouldNotBe(english.Subject);
        translated.Text.ShouldNotBe(english.Text);
    }
}
