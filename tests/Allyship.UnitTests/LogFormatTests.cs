using Allyship.Web.Infrastructure;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Allyship.UnitTests;

public sealed class LogFormatTests
{
    [Theory]
    [InlineData(null, "Production", LogFormat.Json)]
    [InlineData("", "Testing", LogFormat.Json)]
    [InlineData(null, "Development", LogFormat.Simple)]
    [InlineData("json", "Development", LogFormat.Json)]
    [InlineData(" Simple ", "Production", LogFormat.Simple)]
    public void The_console_is_json_unless_development_or_the_setting_says_otherwise(string? setting, string environment, LogFormat expected) =>
        LogSetup.FormatOf(setting, new Environment(environment)).ShouldBe(expected);

    [Theory]
    [InlineData("xml")]
    [InlineData("7")]
    public void An_unknown_format_stops_start_up_with_a_sentence_naming_the_setting(string setting) =>
        Should.Throw<StartupException>(() => LogSetup.FormatOf(setting, new Environment("Production"))).Message.ShouldContain("Logging:Format");

    [Theory]
    [InlineData("/colleague/concern/CfDJ8Gym1Y2zYRJOoKqeMMx-0AVQECd-eE20c5DWyIFuEf6s4PJFJWdczidGrz-RLxgcphz", "/colleague/concern/{key}")]
    [InlineData("/invite/0123456789abcdefghijABCDEFGHIJ_-0123456789a", "/invite/{key}")]
    [InlineData("/admin/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "/admin/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/admin/programs/12/mentors", "/admin/programs/12/mentors")]
    public void A_key_in_a_path_is_masked_and_an_id_is_not(string path, string written) =>
        JsonLogFormatter.MaskKeys(path).ShouldBe(written);

    [Fact]
    public void Email_addresses_in_a_servers_answer_are_masked() =>
        LogText.WithoutEmailAddresses("550 5.1.1 <amara.okafor@example.org>: Recipient address rejected")
            .ShouldBe("550 5.1.1 <(an email address)>: Recipient address rejected");

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Allyship.Web";

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
