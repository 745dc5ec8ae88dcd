using Allyship.Web.Infrastructure;

namespace Allyship.UnitTests;

/// <summary>A newcomer who runs the app on another port gets links on that port (issue 35, item 10).</summary>
public sealed class BaseUrlTests
{
    [Theory]
    [InlineData("http://localhost:5080", "http://127.0.0.1:5077", "http://127.0.0.1:5077")]
    [InlineData("http://localhost:5080/", "http://0.0.0.0:6000;https://0.0.0.0:6001", "http://localhost:6000")]
    [InlineData("http://localhost:5080", "http://*:7000", "http://localhost:7000")]
    [InlineData("http://localhost:5080", "http://+:7000", "http://localhost:7000")]
    [InlineData("http://localhost:5080", "http://localhost:5080", "http://localhost:5080")]
    [InlineData("http://localhost:5080", null, "http://localhost:5080")]
    [InlineData("http://localhost:5080", "http://127.0.0.1:0", "http://localhost:5080")] // a port chosen at start: unknown here
    [InlineData("https://allyship.example.org", "http://127.0.0.1:5077", "https://allyship.example.org")] // set on purpose: kept
    public void The_shipped_address_follows_the_first_listening_address(string configured, string? urls, string expected) =>
        AppOptions.FollowListeningAddress(configured, urls).ShouldBe(expected);
}
