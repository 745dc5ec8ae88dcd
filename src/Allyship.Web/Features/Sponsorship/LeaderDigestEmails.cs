using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Sponsorship;

/// <summary>A senior leader's weekly digest: who mentors told them about, and what sponsorship asks of them.</summary>
public static class LeaderDigestEmails
{
    public sealed record Note(string Colleague, string? Department, string? Accomplishment, string Mentor)
    {
        public string What => Accomplishment is { Length: > 0 } a ? a : Text.Words["an accomplishment (no details given)"];
    }

    /// <summary>What sponsorship asks of a leader: said once, in every digest.</summary>
    public static string Ask => Text.Words[AskText];

    private const string AskText =
        "Sponsorship asks something of you: a stretch assignment, a mention where decisions are made, or an introduction to someone who can open a door. One of those, for one of them, this week.";

    public sealed record Model(string Name, DateOnly Week, IReadOnlyList<Note> Notes, string StopLink, string ChoicesLink)
    {
        /// <summary>Each colleague once, headed "Name (Department)", with what mentors said about her.</summary>
        public IReadOnlyList<(string Who, IReadOnlyList<Note> Notes)> ByColleague =>
            Notes.GroupBy(n => (n.Colleague, n.Department))
                .Select(g => (g.Key.Department is { Length: > 0 } d ? $"{g.Key.Colleague} ({d})" : g.Key.Colleague, (IReadOnlyList<Note>)g.ToList()))
                .ToList();
    }

    public static Task<EmailContent> ComposeAsync(EmailRenderer renderer, string leader, DateOnly week, IReadOnlyList<Note> notes, string stopLink, string choicesLink)
    {
        var colleagues = notes.Select(n => (n.Colleague, n.Department)).Distinct().ToList();
        string subject = colleagues.Count == 1
            ? Text.Words["Mentors told you about {0} this week", colleagues[0].Colleague]
            : Text.Words["Mentors told you about {0} colleagues this week", colleagues.Count];
        return renderer.RenderAsync<LeaderDigestEmail, Model>(subject, new Model(Words.FirstName(leader), week, notes, stopLink, choicesLink));
    }

    public static Task<EmailContent> SampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        Note[] notes =
        [
            new("Amara Okafor", "Platform", "Led the incident review that cut pager load by half", "Ben Yilmaz"),
            new("Amara Okafor", "Platform", "Mentored two new hires through their first on-call", "Chris Lee"),
            new("Priya Nair", "Data", null, "Ben Yilmaz"),
        ];
        return ComposeAsync(services.GetRequiredService<EmailRenderer>(), "Sam Patel", new DateOnly(2026, 11, 16), notes,
            app.Link("/colleague/stop/sample-token"), app.Link("/colleague/choices/sample-token"));
    }
}
