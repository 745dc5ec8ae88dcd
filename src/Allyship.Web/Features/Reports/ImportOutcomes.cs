using System.Globalization;
using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Csv;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// HR's outcome events from CSV: email, date, kind (promotion, role change, exit) for colleagues in the directory. A
/// preview says what will be added and every bad row with its line and reason; then every row is imported, or none.
/// An event already recorded (same colleague, day and kind) is counted, not added twice.
/// </summary>
public static class ImportOutcomes
{
    public const int MaxRows = 20_000;

    public static readonly IReadOnlyList<string> Columns = ["email", "date", "kind"];

    public sealed record Row(int Line, string Email, DateOnly Date, OutcomeKind Kind);

    public sealed record Report(IReadOnlyList<string> FileErrors, IReadOnlyList<(int Line, string Reason)> RowErrors, IReadOnlyList<Row> Adds, int AlreadyRecorded)
    {
        public bool IsValid => FileErrors.Count == 0 && RowErrors.Count == 0;

        public int Count(OutcomeKind kind) => Adds.Count(a => a.Kind == kind);
    }

    /// <summary>What the CSV may say for each kind (matched loosely, like headers).</summary>
    public static OutcomeKind? ParseKind(string? value) => value?.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ') switch
    {
        "promotion" or "promoted" => OutcomeKind.Promotion,
        "role change" or "rolechange" or "new role" or "transfer" => OutcomeKind.RoleChange,
        "exit" or "left" or "leaver" => OutcomeKind.Exit,
        _ => null,
    };

    public static string Label(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Promotion => "Promotion",
        OutcomeKind.RoleChange => "Role change",
        _ => "Exit",
    };

    /// <summary>Checks the file and every row against the day it is imported; pure, so each rule is tested without a database.</summary>
    public static (List<Row> Rows, List<string> FileErrors, List<(int Line, string Reason)> RowErrors) Check(CsvText.Result csv, DateOnly today)
    {
        var rows = new List<Row>();
        var rowErrors = new List<(int, string)>();
        var (header, fileErrors) = CsvHeader.Read(csv, Columns, Columns, MaxRows);
        if (header is null)
        {
            return (rows, fileErrors, rowErrors);
        }

        var seen = new Dictionary<(string, DateOnly, OutcomeKind), int>();
        foreach (var record in csv.Records.Skip(1))
        {
            var reasons = new List<string>();
            if (header.ExtraFields(record) is { } extra)
            {
                reasons.Add(extra);
            }

            var email = header.Field(record, "email")?.Trim();
            if (email is null)
            {
                reasons.Add("Enter the colleague's email.");
            }
            else if (!EmailAddress.IsValid(email))
            {
                reasons.Add($"“{email}” is not an email address: enter one like name@example.com.");
            }

            var dateText = header.Field(record, "date")?.Trim();
            DateOnly? date = null;
            if (dateText is null)
            {
                reasons.Add("Enter the date it happened, like 2026-03-31.");
            }
            else if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                reasons.Add($"“{dateText}” is not a date: write it like 2026-03-31.");
            }
            else if (parsed > today)
            {
                reasons.Add($"{parsed:yyyy-MM-dd} is in the future: import events once they have happened.");
            }
            else
            {
                date = parsed;
            }

            var kindText = header.Field(record, "kind");
            var kind = ParseKind(kindText);
            if (kind is null)
            {
                reasons.Add(kindText is null ? "Enter the kind: promotion, role change or exit." : $"The kind is promotion, role change or exit, not “{kindText}”.");
            }

            if (reasons.Count == 0)
            {
                var key = (Colleague.NormalizeEmail(email!), date!.Value, kind!.Value);
                if (seen.TryGetValue(key, out var firstLine))
                {
                    reasons.Add($"The same event is already on line {firstLine} of this file.");
                }
                else
                {
                    seen[key] = record.Line;
                }
            }

            if (reasons.Count > 0)
            {
                rowErrors.Add((record.Line, string.Join(" ", reasons)));
                continue;
            }

            rows.Add(new Row(record.Line, Colleague.NormalizeEmail(email!), date!.Value, kind!.Value));
        }

        if (rows.Count == 0 && rowErrors.Count == 0)
        {
            fileErrors.Add("The file has a header but no rows.");
        }

        return (rows, fileErrors, rowErrors);
    }

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, TimeProvider clock)
    {
        public async Task<Report> PreviewAsync(byte[] file, CancellationToken ct)
        {
            var (rows, fileErrors, rowErrors) = Check(CsvText.Parse(file), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (fileErrors.Count > 0)
            {
                return new Report(fileErrors, rowErrors, [], 0);
            }

            var colleagues = await ColleaguesAsync(rows.Select(r => r.Email).Distinct().ToList(), ct);
            foreach (var row in rows.Where(r => !colleagues.ContainsKey(r.Email)))
            {
                rowErrors.Add((row.Line, $"Nobody in the colleague directory has the email {row.Email}: import the directory first."));
            }

            if (rowErrors.Count > 0)
            {
                return new Report([], rowErrors.OrderBy(e => e.Item1).ToList(), [], 0);
            }

            var ids = colleagues.Values.ToList();
            var earliest = rows.Min(r => r.Date);
            var known = (await db.Outcomes.AsNoTracking().Where(o => o.OccurredOn >= earliest && ids.Contains(o.ColleagueId))
                    .Select(o => new { o.ColleagueId, o.OccurredOn, o.Kind }).ToListAsync(ct))
                .Select(o => (o.ColleagueId, o.OccurredOn, o.Kind)).ToHashSet();
            var adds = rows.Where(r => !known.Contains((colleagues[r.Email], r.Date, r.Kind))).ToList();
            return new Report([], [], adds, rows.Count - adds.Count);
        }

        /// <summary>Re-checks the same file and adds its new events with the audit entry in one transaction: every row or none.</summary>
        public Task<Report> ImportAsync(ClaimsPrincipal actor, byte[] file, string fileName, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var report = await PreviewAsync(file, ct);
                if (!report.IsValid)
                {
                    return report;
                }

                var colleagues = await ColleaguesAsync(report.Adds.Select(r => r.Email).Distinct().ToList(), ct);
                var now = clock.GetUtcNow().UtcDateTime;
                db.Outcomes.AddRange(report.Adds.Select(r => new OutcomeEvent { ColleagueId = colleagues[r.Email], OccurredOn = r.Date, Kind = r.Kind, ImportedUtc = now }));
                audit.Record(actor, "outcomes.import", fileName,
                    $"{report.Count(OutcomeKind.Promotion)} promotions, {report.Count(OutcomeKind.RoleChange)} role changes, {report.Count(OutcomeKind.Exit)} exits added; {report.AlreadyRecorded} already recorded");
                return report;
            }, ct, retryWhenBeatenTo: true);

        private async Task<Dictionary<string, int>> ColleaguesAsync(IReadOnlyList<string> emails, CancellationToken ct)
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var chunk in emails.Chunk(500))
            {
                foreach (var c in await db.Colleagues.AsNoTracking().Where(Colleague.Present).Where(c => chunk.Contains(c.Email)).Select(c => new { c.Email, c.Id }).ToListAsync(ct))
                {
                    result[c.Email] = c.Id;
                }
            }

            return result;
        }
    }
}
