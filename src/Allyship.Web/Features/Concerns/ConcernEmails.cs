using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Concerns;

/// <summary>
/// The emails a concern's handling sends: to her, that the program team replied (never the reply: she reads it through
/// her link); to its owner or the program team, that it is waiting past the time we promised her (never its text).
/// </summary>
public static class ConcernEmails
{
    public sealed record ReplyModel(string Name, string Reference, string ConcernLink, ColleagueFooter Footer);

    public static Task<EmailContent> ReplyAsync(EmailRenderer renderer, string name, string reference, string concernLink, ColleagueFooter footer) =>
        renderer.RenderAsync<ConcernReplyEmail, ReplyModel>(Infrastructure.Localisation.Text.Words["The program team replied to your message {0}", reference],
            new ReplyModel(Words.FirstName(name), reference, concernLink, footer));

    public sealed record OverdueModel(string Name, string Reference, bool Owner, string Received, string Promise, string ConcernLink);

    public static Task<EmailContent> OverdueAsync(EmailRenderer renderer, string name, string reference, bool owner, string received, string promise, string concernLink) =>
        renderer.RenderAsync<ConcernOverdueEmail, OverdueModel>(Infrastructure.Localisation.Text.Words["Concern {0} is waiting for a reply", reference],
            new OverdueModel(name, reference, owner, received, promise, concernLink));

    public static Task<EmailContent> ReplySampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<IOptions<AppOptions>>().Value;
        return ReplyAsync(services.GetRequiredService<EmailRenderer>(), "Amara Okafor", Data.Concern.ReferenceOf(42), app.Link("/colleague/concern/sample-token"),
            ColleagueFooter.Sample(app));
    }

    public static Task<EmailContent> OverdueSampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<IOptions<AppOptions>>().Value;
        return OverdueAsync(services.GetRequiredService<EmailRenderer>(), "Alex", Data.Concern.ReferenceOf(42), owner: true, Infrastructure.Localisation.Text.Words["{0:dddd d MMMM yyyy}", new DateTime(2026, 11, 16, 0, 0, 0, DateTimeKind.Unspecified)],
            new ConcernOptions().Promise, app.Link("/concerns/42"));
    }
}
