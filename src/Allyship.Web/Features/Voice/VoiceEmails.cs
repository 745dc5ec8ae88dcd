using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Voice;

/// <summary>The colleague's emails: the weekly confirmation, the quarterly pulse, and the team's concern notice.</summary>
public static class VoiceEmails
{
    public sealed record ConfirmationModel(string Name, DateOnly Week, IReadOnlyList<AskedAction> Actions, string ConfirmLink, ColleagueFooter Footer)
    {
        public string Who
        {
            get
            {
                var mentors = Actions.Select(a => a.MentorName).Distinct().ToList();
                return mentors.Count == 1 ? mentors[0] : Text.Words.Plural(mentors.Count, "{0} mentor", "{0} mentors");
            }
        }
    }

    public static Task<EmailContent> ConfirmationAsync(EmailRenderer renderer, string name, DateOnly week, IReadOnlyList<AskedAction> actions, string confirmLink, ColleagueFooter footer)
    {
        var model = new ConfirmationModel(Words.FirstName(name), week, actions, confirmLink, footer);
        string subject = actions.Count == 1
            ? Text.Words["Did this happen? {0}", actions[0].Title]
            : Text.Words["Did these happen? {0} things {1} logged with you", actions.Count, model.Who];
        if (subject.Length > EmailSubject.MaxLength)
        {
            subject = Text.Words["Did these happen? {0} things logged with you", actions.Count];
        }

        return renderer.RenderAsync<ConfirmationEmail, ConfirmationModel>(subject, model);
    }

    public sealed record PulseModel(string Name, string QuarterLabel, string PulseLink, ColleagueFooter Footer)
    {
/// <summary>The pulse's one question, quoted, in the reader's language (the page says the same).</summary>
        public static string Question => Text.Words["“{0}”", Text.Words[Insights.AllyshipPulse.ColleagueQuestion]];
    }

    public static Task<EmailContent> PulseAsync(EmailRenderer renderer, string name, string quarterLabel, string pulseLink, ColleagueFooter footer) =>
        renderer.RenderAsync<PulseEmail, PulseModel>(Text.Words["One question about {0}", quarterLabel], new PulseModel(Words.FirstName(name), quarterLabel, pulseLink, footer));

    public sealed record ConcernModel(string Name, bool Anonymous, string ConcernsLink)
    {
        public string From => Anonymous ? Text.Words["A colleague (anonymously)"] : Text.Words["A colleague"];
    }

    public static Task<EmailContent> ConcernRaisedAsync(EmailRenderer renderer, string name, bool anonymous, string concernsLink) =>
        renderer.RenderAsync<ConcernRaisedEmail, ConcernModel>(Text.Words["A colleague raised a concern"], new ConcernModel(name, anonymous, concernsLink));

    public static Task<EmailContent> ConfirmationSampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        var monday = new DateOnly(2026, 11, 16);
        AskedAction[] actions =
        [
            new(1, Data.ActionKind.Coffee, monday.AddDays(1), "Ben Yilmaz", "Engineering leaders", "Her promotion case and the next architecture role", null, null, null, null),
            new(2, Data.ActionKind.ShoutOut, monday.AddDays(3), "Ben Yilmaz", "Engineering leaders", null, "Shipped the new billing service without an outage", "The all-hands", null, null),
        ];
        return ConfirmationAsync(services.GetRequiredService<EmailRenderer>(), "Amara Okafor", monday, actions, app.Link("/confirm/sample-token"), ColleagueFooter.Sample(app));
    }

    public static Task<EmailContent> PulseSampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        return PulseAsync(services.GetRequiredService<EmailRenderer>(), "Amara Okafor", "Q3 2026", app.Link("/pulse/sample-token"), ColleagueFooter.Sample(app));
    }

    public static Task<EmailContent> ConcernSampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        return ConcernRaisedAsync(services.GetRequiredService<EmailRenderer>(), "Alex", anonymous: true, app.Link("/concerns/1"));
    }
}
