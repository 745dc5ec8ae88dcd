using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Coffee;

/// <summary>
/// The emails about a planned coffee: its calendar invitation, update or cancellation; her "can't make it" (a
/// cancellation to both, worded as hers); and her suggestion of another time (to the mentor only, no calendar).
/// </summary>
public static class CoffeeEmails
{
    public enum Change
    {
        New,
        Moved,
        Cancelled,

        /// <summary>She can't make it: withdrawn from both calendars at her word.</summary>
        Declined,

        /// <summary>She suggests another time: the mentor is asked to move it (nothing changes in the calendars yet).</summary>
        Suggested,
    }

    /// <summary>A coffee's time as every one of its emails says it: "Tuesday 8 December, 10:00 (Europe/London)".</summary>
    public static string When(DateTime local, string timeZoneId) => Text.Words["{0:dddd d MMMM, HH:mm} ({1})", local, timeZoneId];

    /// <summary>A coffee's time in a subject: "Tue 8 Dec 10:00".</summary>
    public static string ShortWhen(DateTime local) => Text.Words["{0:ddd d MMM HH:mm}", local];

    /// <summary>To <paramref name="Name"/> about a coffee with <paramref name="With"/>; the organiser's copy links to the plan.</summary>
    /// <summary>The colleague's copy carries <paramref name="Footer"/>, her choices and a private word with the program team, like every email to her.</summary>
    public sealed record Model(string Name, string With, bool ToOrganiser, Change Change, string When, string Place, int Minutes, string? PlanLink,
        string ShortWhen = "", Shared.ColleagueFooter? Footer = null)
    {
        /// <summary>Her page for "can't make it" or another time (her copy, while the coffee stands).</summary>
        public string? AnswerLink { get; init; }

        /// <summary>The time she suggests instead (<see cref="Change.Suggested"/>).</summary>
        public string? SuggestedWhen { get; init; }

        /// <summary>Her few words with her answer, if she wrote any.</summary>
        public string? Note { get; init; }

        /// <summary>Gone from the calendars: nothing to add to one.</summary>
        public bool Withdrawn => Change is Change.Cancelled or Change.Declined;

        public string Lead => (Change, ToOrganiser) switch
        {
            (Change.Cancelled, true) => Text.Words["You cancelled your coffee with {0}. The invitation is withdrawn from both calendars.", With],
            (Change.Cancelled, false) => Text.Words["{0} had to cancel your coffee. It is gone from your calendar; expect a new time soon.", With],
            (Change.Declined, true) => Text.Words["{0} can't make your coffee. It is withdrawn from both calendars: plan another time that suits her.", With],
            (Change.Declined, false) => Text.Words["You told {0} you can't make it. The coffee is gone from your calendar, and {0} knows.", With],
            (Change.Suggested, _) => Text.Words["{0} can't make the time you planned and suggests {1} instead. Move the coffee (to her time or another) and both calendars update.", With, SuggestedWhen ?? ""],
            (Change.Moved, true) => Text.Words["Your coffee with {0} has moved. Both calendars update the same event.", With],
            (Change.Moved, false) => Text.Words["{0} moved your coffee. Your calendar updates the event you already have.", With],
            (_, true) => Text.Words["Your coffee with {0} is planned, and {0} has the invitation too (unless they turned program emails off).", With],
            _ => Text.Words["{0} would like {1} minutes over coffee with you, to hear about your work and where you want your career to go.", With, Minutes],
        };

        /// <summary>The one button: the organiser's way to the plan; hers to answer it.</summary>
        public EmailLink? Button => (Change, ToOrganiser) switch
        {
            (Change.Cancelled, _) => null,
            (Change.Declined, true) => PlanLink is { } plan ? new EmailLink(Text.Words["Plan another time"], plan) : null,
            (Change.Suggested, true) => PlanLink is { } plan ? new EmailLink(Text.Words["Move it"], plan) : null,
            (_, true) => PlanLink is { } plan ? new EmailLink(Text.Words["Move or cancel it"], plan) : null,
            _ => !Withdrawn && AnswerLink is { } answer ? new EmailLink(Text.Words["Can't make it? Suggest another time"], answer) : null,
        };
    }

    public static Task<EmailContent> ComposeAsync(EmailRenderer renderer, Model model)
    {
        string subject = (model.Change, model.ToOrganiser) switch
        {
            (Change.Cancelled, _) or (Change.Declined, false) => Text.Words["Cancelled: coffee with {0}", model.With],
            (Change.Declined, true) => Text.Words["{0} can't make your coffee, {1}", model.With, model.ShortWhen],
            (Change.Suggested, _) => Text.Words["{0} suggests another time for your coffee", model.With],
            (Change.Moved, _) => Text.Words["Moved: coffee with {0}, {1}", model.With, model.ShortWhen],
            _ => Text.Words["Coffee with {0}, {1}", model.With, model.ShortWhen],
        };
        if (subject.Length > EmailSubject.MaxLength)
        {
            subject = model.Change switch
            {
                Change.Cancelled or Change.Declined => Text.Words["Cancelled: your coffee"],
                Change.Suggested => Text.Words["Another time suggested for your coffee"],
                Change.Moved => Text.Words["Moved: coffee with {0}", model.With],
                _ => Text.Words["Coffee with {0}", model.With],
            };
        }

        return renderer.RenderAsync<CoffeeInviteEmail, Model>(subject, model);
    }

    public static Task<EmailContent> SampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        return ComposeAsync(services.GetRequiredService<EmailRenderer>(), new Model("Amara", "Ben Yilmaz", false, Change.New,
            "Tuesday 1 December, 10:00 (Europe/London)", "The café on the ground floor", 30, null, "Tue 1 Dec 10:00",
            Shared.ColleagueFooter.Sample(app)) { AnswerLink = app.Link("/colleague/coffee/sample-token") });
    }

    /// <summary>The mentor's email when she suggests another time.</summary>
    public static Task<EmailContent> SuggestionSampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        return ComposeAsync(services.GetRequiredService<EmailRenderer>(), new Model("Ben", "Amara Okafor", true, Change.Suggested,
            "Tuesday 1 December, 10:00 (Europe/London)", "The café on the ground floor", 30, app.Link("/coffee/plan/1"), "Tue 1 Dec 10:00")
        {
            SuggestedWhen = "Wednesday 2 December, 14:00 (Europe/London)", Note = "Mornings are my team's stand-up; any afternoon works.",
        });
    }
}
