using Allyship.Web.Infrastructure.Email;

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
    public static string When(DateTime local, string timeZoneId) => $"{local:dddd d MMMM, HH:mm} ({timeZoneId})";

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
            (Change.Cancelled, true) => $"You cancelled your coffee with {With}. The invitation is withdrawn from both calendars.",
            (Change.Cancelled, false) => $"{With} had to cancel your coffee. It is gone from your calendar; expect a new time soon.",
            (Change.Declined, true) => $"{With} can't make your coffee. It is withdrawn from both calendars: plan another time that suits her.",
            (Change.Declined, false) => $"You told {With} you can't make it. The coffee is gone from your calendar, and {With} knows.",
            (Change.Suggested, _) => $"{With} can't make the time you planned and suggests {SuggestedWhen} instead. Move the coffee (to her time or another) and both calendars update.",
            (Change.Moved, true) => $"Your coffee with {With} has moved. Both calendars update the same event.",
            (Change.Moved, false) => $"{With} moved your coffee. Your calendar updates the event you already have.",
            (_, true) => $"Your coffee with {With} is planned, and {With} has the invitation too (unless they turned program emails off).",
            _ => $"{With} would like {Minutes} minutes over coffee with you, to hear about your work and where you want your career to go.",
        };

        /// <summary>The one button: the organiser's way to the plan; hers to answer it.</summary>
        public EmailLink? Button => (Change, ToOrganiser) switch
        {
            (Change.Cancelled, _) => null,
            (Change.Declined, true) => PlanLink is { } plan ? new EmailLink("Plan another time", plan) : null,
            (Change.Suggested, true) => PlanLink is { } plan ? new EmailLink("Move it", plan) : null,
            (_, true) => PlanLink is { } plan ? new EmailLink("Move or cancel it", plan) : null,
            _ => !Withdrawn && AnswerLink is { } answer ? new EmailLink("Can't make it? Suggest another time", answer) : null,
        };
    }

    public static Task<EmailContent> ComposeAsync(EmailRenderer renderer, Model model)
    {
        var subject = (model.Change, model.ToOrganiser) switch
        {
            (Change.Cancelled, _) or (Change.Declined, false) => $"Cancelled: coffee with {model.With}",
            (Change.Declined, true) => $"{model.With} can't make your coffee, {model.ShortWhen}",
            (Change.Suggested, _) => $"{model.With} suggests another time for your coffee",
            (Change.Moved, _) => $"Moved: coffee with {model.With}, {model.ShortWhen}",
            _ => $"Coffee with {model.With}, {model.ShortWhen}",
        };
        if (subject.Length > EmailSubject.MaxLength)
        {
            subject = model.Change switch
            {
                Change.Cancelled or Change.Declined => "Cancelled: your coffee",
                Change.Suggested => "Another time suggested for your coffee",
                Change.Moved => $"Moved: coffee with {model.With}",
                _ => $"Coffee with {model.With}",
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
