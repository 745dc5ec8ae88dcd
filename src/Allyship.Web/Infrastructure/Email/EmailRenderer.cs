using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>What a composed email says: its subject and its two parts, both from one model.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);

/// <summary>The base of every email's Razor component: one model in, the layout around it.</summary>
public abstract class EmailBody<TModel> : ComponentBase
{
    [Parameter, EditorRequired]
    public TModel Model { get; set; } = default!;

    /// <summary>The email's subject, which is also its document title.</summary>
    [Parameter, EditorRequired]
    public string Subject { get; set; } = "";
}

/// <summary>
/// Renders an email's Razor component with ASP.NET Core's <see cref="HtmlRenderer"/> (Razor does the encoding) and derives
/// the plain-text part from the same rendered document, so the two parts can never say different things.
/// </summary>
public sealed class EmailRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<EmailContent> RenderAsync<TComponent, TModel>(string subject, TModel model)
        where TComponent : EmailBody<TModel>
    {
        subject = EmailSubject.Fit(subject);
        // A renderer per email: a long-lived one would keep every component it ever rendered.
        // A scope of its own: the renderer asks for scoped services, which the root provider refuses to give.
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(EmailBody<TModel>.Model)] = model,
                [nameof(EmailBody<TModel>.Subject)] = subject,
            });
            var output = await renderer.RenderComponentAsync<TComponent>(parameters);
            return output.ToHtmlString();
        });
        return new EmailContent(subject, html, EmailText.FromHtml(html));
    }
}
