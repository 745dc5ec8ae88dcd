using Allyship.Web.Infrastructure.Email;

namespace Allyship.UnitTests;

/// <summary>Finding (issue 31, low): a coffee place containing METHOD:CANCEL made the MIME part say CANCEL while the body said REQUEST.</summary>
public sealed class CalendarInviteTests
{
    private static CalendarInvite.Meeting Meeting(string location) => new(
        "coffee-1@allyship", 0, new DateTime(2026, 12, 9, 10, 0, 0), "Europe/London", 30, "Coffee with Chen", location, "Career conversation",
        new("Sam Mentor", "sam@example.com"), new("Chen Li", "chen@example.com"), new DateTime(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc));

    [Theory]
    [InlineData("METHOD:CANCEL")]
    [InlineData("Cafe\r\nMETHOD:CANCEL")]
    [InlineData("Cafe\nMETHOD:CANCEL\nSTATUS:CANCELLED")]
    public void The_method_comes_from_the_calendar_object_not_from_text_inside_it(string location)
    {
        var written = CalendarInvite.Write(Meeting(location), cancelled: false);
        written.ShouldContain("METHOD:CANCEL"); // the text is there, inside LOCATION...
        CalendarInvite.MethodOf(written).ShouldBe(CalendarInvite.Request); // ...and the invitation is still a request
    }

    [Fact]
    public void A_withdrawn_invitation_is_a_cancel() =>
        CalendarInvite.MethodOf(CalendarInvite.Write(Meeting("Cafe"), cancelled: true)).ShouldBe(CalendarInvite.Cancel);
}
