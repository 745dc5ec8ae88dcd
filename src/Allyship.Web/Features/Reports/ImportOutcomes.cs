using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Csv;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// HR's outcome events from CSV: email, date, kind (promotion, role change, exit) for colleagues in the directory, with
/// dates however HR's system writes them (<see cref="ImportDate"/>, in the order chosen on the form). A preview says
/// what will be added, how its first rows were read, and every bad row with its line and every reason; then every row
/// is imported, or none. An event already recorded (same colleague, day and kind) is counted, not added twice.
/// </summary>
public static class ImportOutcomes
{
    public const int MaxRows = 20_000;

    public static readonly IReadOnlyList<string> Columns = ["email", "date", "kind"];

    /// <summary>How many rows the preview shows as they were read.</summary>
    public const int RowsShown = 5;

    /// <summary>One good row; <paramref name="Written"/> is its date as the file wrote it.</summary>
    public sealed record Row(int Line, string Email, DateOnly Date, OutcomeKind Kind, string Written);

    public sealed record Report(IReadOnlyList<string> FileErrors, IReadOnlyList<(int Line, string Reason)> RowErrors, IReadOnlyList<Row> Adds, int AlreadyRecorded)
    {
        public bool IsValid => FileErrors.Count == 0 && RowErrors.Count == 0;

        public int Count(OutcomeKind kind) => Adds.Count(a => a.Kind == kind);

        /// <summary>The file's first rows as read, each with whether it is new: what the preview shows before anything is saved.</summary>
        public IReadOnlyList<(Row Row, bool IsNew)> FirstRows { get; init; } = [];

        /// <summary>What the file's fields were separated by.</summary>
        public char Separator { get; init; } = ',';
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
        OutcomeKind.Promotion => Infrastructure.Localisation.Text.Words["Promotion"].Value,
        OutcomeKind.RoleChange => Infrastructure.Localisation.Text.Words["Role change"].Value,
        _ => Infrastructure.Localisation.Text.Words["Exit"].Value,
    };

    /// <summary>
    /// Checks the file and every row against the day it is imported, reading dates in <paramref name="order"/>; every
    /// problem of a line is listed, not only its first. With <paramref name="directory"/> (the normalised emails of
    /// colleagues present) an email nobody has is one of them. Pure, so each rule is tested without a database.
    /// </summary>
    public static (List<Row> Rows, List<string> FileErrors, List<(int Line, string Reason)> RowErrors) Check(CsvText.Result csv, DateOnly today, DateOrder order,
        IReadOnlySet<string>? directory = null)
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
                reasons.Add(Infrastructure.Localisation.Text.Words["Enter the colleague's email."].Value);
            }
            else if (!EmailAddress.IsValid(email))
            {
                reasons.Add(Infrastructure.Localisation.Text.Words["“{0}” is not an email address: enter one like name@example.com.", email].Value);
            }
            else if (directory is not null && !directory.Contains(Colleague.NormalizeEmail(email)))
            {
                reasons.Add(Infrastructure.Localisation.Text.Words["Nobody in the colleague directory has the email {0}: import the directory first.", Colleague.NormalizeEmail(email)].Value);
            }

            var dateText = header.Field(record, "date")?.Trim();
            DateOnly? date = null;
            var read = ImportDate.Read(dateText, order);
            if (dateText is null)
            {
                reasons.Add(Infrastructure.Localisation.Text.Words["Enter the date it happened, like {0}.", ImportDate.Example(order)].Value);
            }
            else if (read.Error is { } notADate)
            {
                reasons.Add(notADate);
            }
            else if (read.Date > today)
            {
                reasons.Add(Infrastructure.Localisation.Text.Words["{0} is in the future: import events once they have happened.", ImportDate.InWords(read.Date.Value)].Value);
            }
            else
            {
                date = read.Date;
            }

            var kindText = header.Field(record, "kind");
            var kind = ParseKind(kindText);
            if (kind is null)
            {
                reasons.Add(kindText is null ? Infrastructure.Localisation.Text.Words["Enter the kind: promotion, role change or exit."].Value : Infrastructure.Localisation.Text.Words["The kind is promotion, role change or exit, not “{0}”.", kindText].Value);
            }

            if (reasons.Count == 0)
            {
                var key = (Colleague.NormalizeEmail(email!), date!.Value, kind!.Value);
                if (seen.TryGetValue(key, out var firstLine))
                {
                    reasons.Add(Infrastructure.Localisation.Text.Words["The same event is already on line {0} of this file.", firstLine].Value);
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

            rows.Add(new Row(record.Line, Colleague.NormalizeEmail(email!), date!.Value, kind!.Value, dateText!));
        }

        if (rows.Count == 0 && rowErrors.Count == 0)
        {
            fileErrors.Add(Infrastructure.Localisation.Text.Words["The file has a header but no rows."].Value);
        }

        return (rows, fileErrors, rowErrors);
    }

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, TimeProvider clock)
    {
        public async Task<Report> PreviewAsync(byte[] file, DateOrder order, CancellationToken ct)
        {
            var csv = CsvText.Parse(file);
            var colleagues = await ColleaguesAsync(EmailsIn(csv), ct);
            var (rows, fileErrors, rowErrors) = Check(csv, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), order, colleagues.Keys.ToHashSet(StringComparer.Ordinal));
            if (fileErrors.Count > 0 || rowErrors.Count > 0)
            {
                return new Report(fileErrors, rowErrors, [], 0) { Separator = csv.Separator };
            }

            var ids = colleagues.Values.ToList();
            var earliest = rows.Min(r => r.Date);
            var known = (await db.Outcomes.AsNoTracking().Where(o => o.OccurredOn >= earliest && ids.Contains(o.ColleagueId))
                    .Select(o => new { o.ColleagueId, o.OccurredOn, o.Kind }).ToListAsync(ct))
                .Select(o => (o.ColleagueId, o.OccurredOn, o.Kind)).ToHashSet();
            bool IsNew(Row r) => !known.Contains((colleagues[r.Email], r.Date, r.Kind));
            var adds = rows.Where(IsNew).ToList();
            return new Report([], [], adds, rows.Count - adds.Count) { FirstRows = rows.Take(RowsShown).Select(r => (r, IsNew(r))).ToList(), Separator = csv.Separator };
        }

        /// <summary>Re-checks the same file and adds its new events with the audit entry in one transaction: every row or none.</summary>
        public Task<Report> ImportAsync(ClaimsPrincipal actor, byte[] file, string fileName, DateOrder order, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var report = await PreviewAsync(file, order, ct);
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

        /// <summary>The well-formed emails of the file, normalised: whom to look up in the directory before the rows are checked.</summary>
        private static List<string> EmailsIn(CsvText.Result csv)
        {
            var (header, _) = CsvHeader.Read(csv, Columns, Columns, MaxRows);
            return header is null
                ? []
                : csv.Records.Skip(1).Select(r => header.Field(r, "email")?.Trim()).Where(e => e is not null && EmailAddress.IsValid(e))
                    .Select(e => Colleague.NormalizeEmail(e!)).Distinct(StringComparer.Ordinal).ToList();
        }

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
