using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Allyship.Web.Data;

/// <summary>
/// The app's database. On SQLite (the default) it is used as is; on PostgreSQL as <see cref="PostgresDbContext"/>, the
/// same model with its own migration set (Data/Migrations/Postgres). Code always asks for AllyshipDbContext.
/// </summary>
public class AllyshipDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    public AllyshipDbContext(DbContextOptions<AllyshipDbContext> options)
        : this((DbContextOptions)options)
    {
    }

    /// <summary>CreatedUtc and UpdatedUtc are stamped by <see cref="TimestampInterceptor"/>, added where the context is configured.</summary>
    protected AllyshipDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The Data Protection key ring, shared by every instance (cookies, antiforgery tokens, one-time links).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<PledgeProgram> Programs => Set<PledgeProgram>();
    public DbSet<Colleague> Colleagues => Set<Colleague>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<EnrolmentPause> EnrolmentPauses => Set<EnrolmentPause>();
    public DbSet<PledgeAction> Actions => Set<PledgeAction>();
    public DbSet<EmailMessage> Emails => Set<EmailMessage>();
    public DbSet<MentorPreferences> MentorPreferences => Set<MentorPreferences>();
    public DbSet<WeeklyRollup> WeeklyRollups => Set<WeeklyRollup>();
    public DbSet<ClosedWeek> ClosedWeeks => Set<ClosedWeek>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Heartbeat> Heartbeats => Set<Heartbeat>();
    public DbSet<Confirmation> Confirmations => Set<Confirmation>();
    public DbSet<ConfirmationRound> ConfirmationRounds => Set<ConfirmationRound>();
    public DbSet<Concern> Concerns => Set<Concern>();
    public DbSet<ConcernEntry> ConcernEntries => Set<ConcernEntry>();
    public DbSet<PulseTally> PulseTallies => Set<PulseTally>();
    public DbSet<PulseResponse> PulseResponses => Set<PulseResponse>();
    public DbSet<PulseRound> PulseRounds => Set<PulseRound>();
    public DbSet<OutcomeEvent> Outcomes => Set<OutcomeEvent>();
    public DbSet<LeaderDigestRound> LeaderDigestRounds => Set<LeaderDigestRound>();
    public DbSet<ChosenColleague> ChosenColleagues => Set<ChosenColleague>();
    public DbSet<TeamSuggestion> TeamSuggestions => Set<TeamSuggestion>();
    public DbSet<SelfCheck> SelfChecks => Set<SelfCheck>();
    public DbSet<PlannedCoffee> PlannedCoffees => Set<PlannedCoffee>();
    public DbSet<ChatPost> ChatPosts => Set<ChatPost>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<ProvisioningToken> ProvisioningTokens => Set<ProvisioningToken>();
    public DbSet<ScimGroup> ScimGroups => Set<ScimGroup>();
    public DbSet<ScimGroupMember> ScimGroupMembers => Set<ScimGroupMember>();
    public DbSet<ChatAppInstallation> ChatAppInstallations => Set<ChatAppInstallation>();
    public DbSet<ChatAccount> ChatAccounts => Set<ChatAccount>();
    public DbSet<ChatCall> ChatCalls => Set<ChatCall>();
    public DbSet<ChatLinkCode> ChatLinkCodes => Set<ChatLinkCode>();
    public DbSet<PushDevice> PushDevices => Set<PushDevice>();
    public DbSet<PushDelivery> PushDeliveries => Set<PushDelivery>();
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AllyshipDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC; SQLite hands them back unspecified, PostgreSQL timestamptz rejects anything else.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>The same model on PostgreSQL; exists so each provider has its own migrations (dotnet ef ... --context PostgresDbContext).</summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AllyshipDbContext(options);
