using Allyship.Web.Data;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>
/// One kind of email rendered with made-up people, for /admin/emails' preview, the tests and the snapshots in docs/emails.
/// Each slice registers its own (Features/FeatureRegistration), so nothing here knows a feature.
/// </summary>
public sealed record EmailSample(EmailKind Kind, string Name, string Slug, Func<IServiceProvider, Task<EmailContent>> RenderAsync)
{
    /// <summary>Whether the kind goes out in bulk or on a schedule, and so must carry List-Unsubscribe.</summary>
    public bool Bulk { get; init; }

    /// <summary>The unsubscribe address a sample uses, where its kind has one.</summary>
    public const string SampleUnsubscribe = "/unsubscribe/sample-token";
}
