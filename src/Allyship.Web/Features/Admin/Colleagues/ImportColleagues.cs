using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Csv;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Colleagues;

/// <summary>
/// The colleague directory from a CSV file: name, email, department, level, optional manager email. A preview says
/// what will be added and updated and every bad row with its line and reason; then every row is imported, or none.
/// Existing colleagues are matched by email and updated, except those the company's identity provider keeps
/// (<see cref="Colleague.Provisioned"/>): a row that would change one is left out and the preview says so, line by line.
/// </summary>
public static class ImportColleagues
{
    public const int MaxRows = 20_000;

    public static readonly IReadOnlyList<string> Columns = ["name", "email", "department", "level", "manager email", "leader", "language"];

    /// <summary>The <c>leader</c> column: yes or no (an empty cell is no); null for anything else. Without the column the flag stays as it is.</summary>
    public static bool? ParseLeader(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "no" or "n" or "false" or "0" => false,
        "yes" or "y" or "true" or "1" or "x" => true,
        _ => null,
    };

    public sealed record Row(int Line, Colleague.Details Details)
    {
        public string Email => Details.Email!;
        public string Name => Details.Name!;
        public string? Department => Details.Department;
        public string? Level => Details.Level;
    }

    public sealed record Change(Row Row, bool IsNew, string? Before);

    public sealed record Report(IReadOnlyList<string> FileErrors, IReadOnlyList<(int Line, string Reason)> RowErrors, IReadOnlyList<Change> Changes, int Unchanged)
    {
        public bool IsValid => FileErrors.Count == 0 && RowErrors.Count == 0;

        /// <summary>Rows left out because the identity provider keeps that colleague: the line and why.</summary>
        public IReadOnlyList<(int Line, string Reason)> KeptByProvider { get; init; } = [];
        public int Adds => Changes.Count(c => c.IsNew);
        public int Updates => Changes.Count(c => !c.IsNew);
    }

    /// <summary>Checks the file and every row; pure, so each rule is tested without a database.</summary>
    public static (List<Row> Rows, List<string> FileErrors, List<(int Line, string Reason)> RowErrors) Check(CsvText.Result csv)
    {
        var rows = new List<Row>();
        var rowErrors = new List<(int, string)>();
        var (header, fileErrors) = CsvHeader.Read(csv, Columns, ["name", "email"], MaxRows, Aliases);
        if (header is null)
        {
            return (rows, fileErrors, rowErrors);
        }

        string? Field(CsvRecord r, string column) => header.Field(r, column);

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in csv.Records.Skip(1))
        {
            var reasons = new List<string>();
            if (header.ExtraFields(record) is { } extra)
            {
                reasons.Add(extra);
            }

            // The directory's own rules and sentences (the editor and the log form say the same), then this file's.
            var leader = header.Has("leader") ? ParseLeader(Field(record, "leader")) : null;
            if (header.Has("leader") && leader is null)
            {
                reasons.Add(Infrastructure.Localisation.Text.Words["The leader column takes yes or no, not “{0}”.", Field(record, "leader") ?? ""].Value);
            }

            var details = new Colleague.Details(Field(record, "name"), Field(record, "email"), Field(record, "department"), Field(record, "level"), Field(record, "manager email"), leader,
                header.Has("language") ? Field(record, "language") ?? "" : null);
            reasons.AddRange(Colleague.Check(details).Select(e => e.Message));
            if (details.Email is { } email && EmailAddress.IsValid(email))
            {
                if (seen.TryGetValue(Colleague.NormalizeEmail(email), out var firstLine))
                {
                    reasons.Add(Infrastructure.Localisation.Text.Words["{0} is already on line {1} of this file.", email, firstLine].Value);
                }
                else
                {
                    seen[Colleague.NormalizeEmail(email)] = record.Line;
                }
            }

            if (reasons.Count > 0)
            {
                rowErrors.Add((record.Line, string.Join(" ", reasons)));
                continue;
            }

            rows.Add(new Row(record.Line, details with { Email = Colleague.NormalizeEmail(details.Email!) }));
        }

        if (rows.Count == 0 && rowErrors.Count == 0)
        {
            fileErrors.Add(Infrastructure.Localisation.Text.Words["The file has a header but no rows."].Value);
        }

        return (rows, fileErrors, rowErrors);
    }

    /// <summary>Why a row is left out: the colleague's details come from the company's identity provider over SCIM.</summary>
    public static string KeptByProviderReason(string email) =>
        Infrastructure.Localisation.Text.Words["{0} is kept by your identity provider (SCIM provisioning): this line is left out. Change her details there.", email].Value;

    private static readonly Dictionary<string, string> Aliases = new() { ["manageremail"] = "manager email", ["manager"] = "manager email" };

    public sealed class Handler(AllyshipDbContext db, AuditLog audit)
    {
        public async Task<Report> PreviewAsync(byte[] file, CancellationToken ct)
        {
            var (rows, fileErrors, rowErrors) = Check(CsvText.Parse(file));
            if (fileErrors.Count > 0 || rowErrors.Count > 0)
            {
                return new Report(fileErrors, rowErrors, [], 0);
            }

            var existing = await LoadExistingAsync(rows, ct);
            var changes = new List<Change>();
            var kept = new List<(int, string)>();
            var unchanged = 0;
            foreach (var row in rows)
            {
                if (!existing.TryGetValue(row.Email, out var c))
                {
                    changes.Add(new Change(row, true, null));
                }
                else if (c.IsProvisioned && c.Differs(row.Details))
                {
                    kept.Add((row.Line, KeptByProviderReason(c.Email)));
                }
                else if (c.Differs(row.Details))
                {
                    changes.Add(new Change(row, false, string.Join(", ", new[] { c.Name, c.Department ?? Infrastructure.Localisation.Text.Words["without a department"].Value, c.Level ?? Infrastructure.Localisation.Text.Words["without a level"].Value, c.IsLeader ? Infrastructure.Localisation.Text.Words["a senior leader"].Value : null, c.Language }.OfType<string>())));
                }
                else
                {
                    unchanged++;
                }
            }

            return new Report([], [], changes, unchanged) { KeptByProvider = kept };
        }

        /// <summary>
        /// Re-checks the same file and applies it with its audit entry in one transaction: every row or none. Someone adding
        /// one of its colleagues meanwhile makes it run once more, matching that colleague by email.
        /// </summary>
        public Task<Report> ImportAsync(ClaimsPrincipal actor, byte[] file, string fileName, CancellationToken ct) =>
            db.InTransactionAsync(() => ApplyAsync(actor, file, fileName, ct), ct, retryWhenBeatenTo: true);

        private async Task<Report> ApplyAsync(ClaimsPrincipal actor, byte[] file, string fileName, CancellationToken ct)
        {
            var report = await PreviewAsync(file, ct);
            if (!report.IsValid)
            {
                return report;
            }

            var rows = report.Changes.Select(c => c.Row).ToList();
            var existing = await LoadExistingAsync(rows, ct, tracking: true);
            foreach (var row in rows)
            {
                if (!existing.TryGetValue(row.Email, out var colleague))
                {
                    colleague = new Colleague();
                    db.Colleagues.Add(colleague);
                }

                colleague.Apply(row.Details);
            }

            audit.Record(actor, "colleagues.import", fileName, $"{report.Adds} added, {report.Updates} updated, {report.Unchanged} unchanged"
                + (report.KeptByProvider.Count > 0 ? $", {report.KeptByProvider.Count} left to the identity provider" : ""));
            return report;
        }

        private async Task<Dictionary<string, Colleague>> LoadExistingAsync(IReadOnlyCollection<Row> rows, CancellationToken ct, bool tracking = false)
        {
            var result = new Dictionary<string, Colleague>(StringComparer.Ordinal);
            foreach (var chunk in rows.Select(r => r.Email).Chunk(500))
            {
                var query = db.Colleagues.Where(c => chunk.Contains(c.Email));
                foreach (var c in await (tracking ? query : query.AsNoTracking()).ToListAsync(ct))
                {
                    result[c.Email] = c;
                }
            }

            return result;
        }
    }
}
