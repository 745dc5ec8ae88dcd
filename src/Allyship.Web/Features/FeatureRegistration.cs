using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
using Allyship.Web.Features.Admin.Provisioning;
using Allyship.Web.Features.Colleagues;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Features.Shared;
using Allyship.Web.Features.Week;
using Allyship.Web.Infrastructure.Email;

namespace Allyship.Web.Features;

public static class FeatureRegistration
{
    /// <summary>Every slice's handler, in one place so Program.cs shows what the app is made of.</summary>
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ProgramCalendar>();
        services.AddScoped<Demo.DemoSeeder>();
        services.AddScoped<MentorPrograms>();
        services.AddScoped<Welcome.WelcomeMentor.Handler>();
        services.AddScoped<SelfCheck.HomeSelfCheck.Handler>();
        services.AddScoped<MentorHistory.Loader>();
        services.AddScoped<Admin.ProgramList.Handler>();
        services.AddScoped<Account.PasswordReset.Handler>();
        services.AddScoped<Account.ChangePassword.Handler>();
        services.AddScoped<People.PasswordSignIn.Handler>();
        services.AddScoped<Account.TwoFactor.Handler>();
        services.AddScoped<People.AccountAccess.Handler>();
        services.AddScoped<Admin.Users.People.Handler>();
        services.AddScoped<People.DataSubject.Handler>();
        services.AddScoped<Account.SingleSignOn.Handler>();
        services.AddScoped<People.SecurityEvents>();
        services.AddScoped<People.ExternalSignIn>();
        services.AddHttpContextAccessor();
        // "Forgot password" links last an hour; set-password links from create-admin keep Identity's default week.
        services.AddTransient<Account.ForgotPasswordTokenProvider>();
        services.AddOptions<Account.ForgotPasswordTokenOptions>().Configure(o =>
        {
            o.Name = Account.PasswordReset.Provider;
            o.TokenLifespan = Account.PasswordReset.Lifetime;
        });
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o =>
            o.Tokens.ProviderMap[Account.PasswordReset.Provider] = new Microsoft.AspNetCore.Identity.TokenProviderDescriptor(typeof(Account.ForgotPasswordTokenProvider)));
        services.AddScoped<Admin.Emails.OutboxStatus.Handler>();
        services.AddScoped<ColleagueResolver>();
        services.AddScoped<LogAction.Handler>();
        services.AddScoped<EditAction.Handler>();
        services.AddScoped<DeleteAction.Handler>();
        services.AddScoped<ActionDetails.Handler>();
        services.AddScoped<ThisWeek.Handler>();
        services.AddScoped<MyColleagues.Handler>();
        services.AddScoped<WeekTotals>();
        services.AddScoped<RollupRefresher>();
        services.AddScoped<Preferences.UpdatePreferences.Handler>();
        services.AddScoped<Unsubscribe.Unsubscribe.Handler>();
        services.AddScoped<People.AuditLog>();
        services.AddScoped<Pledge.PlannedCoffees>();
        services.AddScoped<Shared.ViewerTime>();
        services.AddScoped<Coffee.PlanCoffee.Handler>();
        services.AddScoped<Admin.Programs.EditProgram.Handler>();
        services.AddScoped<Admin.Invitations.InvitePeople.Handler>();
        services.AddScoped<Admin.Programs.ManageEnrolments.Handler>();
        services.AddScoped<Admin.Colleagues.ImportColleagues.Handler>();
        services.AddScoped<Reports.ImportOutcomes.Handler>();
        services.AddScoped<Admin.Colleagues.EditColleague.Handler>();
        services.AddScoped<Admin.Colleagues.ColleagueDirectory.Handler>();
        services.AddScoped<Admin.Programs.Dashboard.Handler>();
        services.AddScoped<Admin.Programs.NudgeMentor.Handler>();
        services.AddScoped<Admin.Programs.SuggestColleague.Handler>();
        services.AddScoped<Admin.Programs.Attention.Handler>();
        services.AddScoped<People.RetentionJob>();
        services.AddOptions<Shared.ConcernOptions>().BindConfiguration(Shared.ConcernOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<People.PrivacyOptions>().BindConfiguration(People.PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReportingOptions>().BindConfiguration(ReportingOptions.Section).ValidateDataAnnotations()
            .Validate(o => Pledge.TimeZones.TryFind(o.TimeZone, out _), "Reporting:TimeZone must be an IANA time zone such as Europe/London.")
            .ValidateOnStart();
        services.AddSingleton<FiscalCalendar>();
        services.AddScoped<Reports.ReportScope>();
        services.AddScoped<Reports.QuarterReport.Handler>();
        services.AddScoped<Reports.ReportExport>();
        services.AddSingleton<ClosedWeekNumbers>();
        services.AddSingleton<GuideContent>();
        services.AddScoped<Invite.AcceptInvitation.Handler>();
        services.AddScoped<Reminders.ReminderJob>();
        services.AddScoped<WeeklyRollupJob>();
        services.AddSingleton<Shared.VoiceTokens>();
        services.AddSingleton<Shared.VoiceLinks>();
        // Her link pages in her language: after ?culture= (index 0), before the saved choice's cookie and the browser's.
        services.Configure<Microsoft.AspNetCore.Builder.RequestLocalizationOptions>(o => o.RequestCultureProviders.Insert(1, new Shared.ColleagueLinkCultureProvider()));
        services.AddScoped<Voice.ColleagueVoice.Handler>();
        services.AddScoped<Voice.ConfirmationJob>();
        services.AddScoped<Sponsorship.LeaderDigestJob>();
        services.AddScoped<Voice.PulseJob>();
        services.AddScoped<AllyshipPulse.Handler>();
        services.AddScoped<VoiceNumbers.Handler>();
        services.AddScoped<SpreadNumbers.Handler>();
        services.AddScoped<OutcomeNumbers.Handler>();
        services.AddScoped<Week.SponsorSuggestions.Handler>();
        services.AddScoped<Concerns.ConcernInbox.Handler>();
        services.AddScoped<Concerns.HandleConcern.Handler>();
        services.AddScoped<Concerns.ConcernReminderJob>();
        builder.AddProvisioning();
        AddEmailSamples(services);
        return builder;
    }

    /// <summary>Every kind of email with made-up people: /admin/emails previews them, tests check them, docs/emails keeps them.</summary>
    private static void AddEmailSamples(IServiceCollection services)
    {
        EmailSample[] samples =
        [
            new(EmailKind.Reminder, "Mid-week reminder", "reminder", s => Reminders.ReminderEmails.SampleAsync(s, EmailKind.Reminder)) { Bulk = true },
            new(EmailKind.LastCall, "Last call", "last-call", s => Reminders.ReminderEmails.SampleAsync(s, EmailKind.LastCall)) { Bulk = true },
            new(EmailKind.Nudge, "Admin's nudge", "nudge", Admin.Programs.NudgeMentor.SampleAsync) { Bulk = true },
            new(EmailKind.WeeklySummary, "Weekly summary", "weekly-summary", RollupEmails.SummarySampleAsync) { Bulk = true },
            new(EmailKind.AdminDigest, "Admin digest", "admin-digest", RollupEmails.DigestSampleAsync) { Bulk = true },
            new(EmailKind.Welcome, "Welcome", "welcome", Welcome.WelcomeMentor.SampleAsync),
            new(EmailKind.Invitation, "Invitation", "invitation", Admin.Invitations.InvitePeople.SampleAsync),
            new(EmailKind.PasswordReset, "Password reset", "password-reset", Account.PasswordReset.SampleAsync),
            new(EmailKind.Confirmation, "Colleague's confirmation", "confirmation", Voice.VoiceEmails.ConfirmationSampleAsync) { Bulk = true },
            new(EmailKind.Pulse, "Quarterly pulse", "pulse", Voice.VoiceEmails.PulseSampleAsync) { Bulk = true },
            new(EmailKind.ConcernRaised, "Concern raised", "concern-raised", Voice.VoiceEmails.ConcernSampleAsync),
            new(EmailKind.ConcernReply, "Reply to her concern", "concern-reply", Concerns.ConcernEmails.ReplySampleAsync),
            new(EmailKind.ConcernOverdue, "Concern waiting for a reply", "concern-overdue", Concerns.ConcernEmails.OverdueSampleAsync),
            new(EmailKind.LeaderDigest, "Senior leader's digest", "leader-digest", Sponsorship.LeaderDigestEmails.SampleAsync) { Bulk = true },
            new(EmailKind.CoffeeInvite, "Coffee invitation", "coffee-invite", Coffee.CoffeeEmails.SampleAsync),
            new(EmailKind.CoffeeInvite, "Colleague suggests another time", "coffee-suggestion", Coffee.CoffeeEmails.SuggestionSampleAsync),
        ];
        foreach (var sample in samples)
        {
            services.AddSingleton(sample);
        }
    }
}
