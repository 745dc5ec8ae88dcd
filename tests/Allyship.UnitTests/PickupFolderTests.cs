using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;

namespace Allyship.UnitTests;

/// <summary>A newcomer without SMTP finds each email in the pickup folder by its time, kind and recipient (issue 35, item 10).</summary>
public sealed class PickupFolderTests
{
    private static EmailMessage Row(long id, EmailKind kind, string to, string key) => new()
    {
        Id = id, Kind = kind, ToAddress = to, ToName = "Amara Okafor", Subject = "Your week", HtmlBody = "<p>Hi</p>", TextBody = "Hi",
        DeduplicationKey = key, CreatedUtc = new DateTime(2026, 12, 7, 8, 30, 5, DateTimeKind.Utc),
    };

    [Fact]
    public async Task Each_email_is_a_file_named_by_time_kind_and_recipient_and_a_resend_overwrites_its_own()
    {
        var folder = Path.Combine(Path.GetTempPath(), "allyship-pickup-" + Guid.NewGuid().ToString("N"));
        var settings = new EmailOptions { From = "Allyship <allyship@example.org>" };
        var transport = new PickupFolderTransport(folder);
        try
        {
            await using var session = transport.OpenSession();
            var summary = OutboxDispatcher.Compose(Row(1, EmailKind.WeeklySummary, "amara.okafor@example.com", "summary:1"), settings);
            await session.SendAsync(summary, CancellationToken.None);
            await session.SendAsync(summary, CancellationToken.None); // the same row again, after a crash
            await session.SendAsync(OutboxDispatcher.Compose(Row(2, EmailKind.WeeklySummary, "amara.okafor@example.com", "summary:2"), settings), CancellationToken.None);

            var names = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            names.Count.ShouldBe(2, string.Join(", ", names));
            names.ShouldContain("20261207-083005-weekly-summary-amara.okafor@example.com.eml");
            names.ShouldContain(n => n!.StartsWith("20261207-083005-weekly-summary-amara.okafor@example.com-allyship-2-", StringComparison.Ordinal), "a second email with the same name keeps both");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
