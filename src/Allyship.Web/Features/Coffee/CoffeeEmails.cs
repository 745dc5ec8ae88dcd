using Allyship.Web.Infrastructure.Email;

namespace Allyship.Web.Features.Coffee;

/// <summary>The email that carries a planned coffee's calendar invitation, its update or its cancellation.</summary>
public static class CoffeeEmails
{
    public enum Change
    {
        New,
        Moved,
        Cancelled,
    }

    /// <summary>To <paramref name="Name"/> about a coffee with <paramref name="With"/>; the organiser's copy links to the plan.</summary>
    /// <summary>The colleague's copy carries <paramref name="Footer"/>, her choices and a private word with the program team, like every email to her.</summary>
    public sealed record Model(string Name, string With, bool ToOrganiser, Change Change, string When, string Place, int Minutes, string? PlanLink,
        string ShortWhen = "", Shared.ColleagueFooter? Footer = null)
    {
        public string Lead => (Change, ToOrganiser) switch
        {
            (Change.Cancelled, true) => $"You cancelled your coffee with {With}. The invitation is withdrawn from both calendars.",
            (Change.Cancelled, false) => $"{With} had to cancel your coffee. It is gone from your calendar; expect a new time soon.",
            (Change.Moved, true) => $"Your coffee with {With} has moved. Both calendars update the same event.",
            (Change.Moved, false) => $"{With} moved your coffee. Your calendar updates the event you already have.",
            (_, true) => $"Your coffee with {With} is planned, and {With} has the invitation too (unless they turned program emails off).",
            _ => $"{With} would like {Minutes} minutes over coffee with you, to hear about your work and where you want your career to go.",
        };
    }

    public static Task<EmailContent> ComposeAsync(EmailRenderer renderer, Model model)
    {
        var subject = model.Change switch
        {
            Change.Cancelled => $"Cancelled: coffee with {model.With}",
            Change.Moved => $"Moved: coffee with {model.With}, {model.ShortWhen}",
            _ => $"Coffee with {model.With}, {model.ShortWhen}",
        };
        if (subject.Length > EmailSubject.MaxLength)
        {
            subject = model.Change switch { Change.Cancelled => "Cancelled: your coffee", Change.Moved => $"Moved: coffee with {model.With}", _ => $"Coffee with {model.With}" };
        }

        return renderer.RenderAsync<CoffeeInviteEmail, Model>(subject, model);
    }

    public static Task<EmailContent> SampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        return ComposeAsync(services.GetRequiredService<EmailRenderer>(), new Model("Amara", "Ben Yilmaz", false, Change.New,
            "Tuesday 1 December, 10:00 (Europe/London)", "The café on the ground floor", 30, null, "Tue 1 Dec 10:00",
            Shared.ColleagueFooter.Sample(app)));
    }
}
