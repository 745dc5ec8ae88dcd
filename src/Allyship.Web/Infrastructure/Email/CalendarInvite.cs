using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>
/// An iCalendar (RFC 5545) meeting invitation written with Ical.Net: METHOD:REQUEST for a new or moved event (same UID,
/// higher SEQUENCE), METHOD:CANCEL to withdraw it. Times carry their TZID and the zone's VTIMEZONE, so each calendar shows
/// the meeting in its owner's own zone, daylight saving included.
/// </summary>
public static class CalendarInvite
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";

    public sealed record Person(string Name, string Email);

    public sealed record Meeting(string Uid, int Sequence, DateTime StartsLocal, string TimeZoneId, int DurationMinutes, string Summary,
        string Location, string Description, Person Organizer, Person Attendee, DateTime StampUtc);

    public static string Write(Meeting meeting, bool cancelled)
    {
        var start = new CalDateTime(meeting.StartsLocal, meeting.TimeZoneId);
        var calendarEvent = new CalendarEvent
        {
            Uid = meeting.Uid,
            Sequence = meeting.Sequence,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(meeting.StampUtc, DateTimeKind.Utc)),
            DtStart = start,
            DtEnd = start.AddMinutes(meeting.DurationMinutes),
            Summary = meeting.Summary,
            Location = meeting.Location,
            Description = meeting.Description,
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
            Transparency = "OPAQUE",
            Organizer = new Organizer($"mailto:{meeting.Organizer.Email}") { CommonName = meeting.Organizer.Name },
        };
        calendarEvent.Attendees.Add(new Attendee($"mailto:{meeting.Attendee.Email}")
        {
            CommonName = meeting.Attendee.Name,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = "NEEDS-ACTION",
            Rsvp = !cancelled,
        });

        var calendar = new Calendar { Method = cancelled ? Cancel : Request, ProductId = "-//Allyship//Planned coffee//EN" };
        calendar.AddTimeZone(meeting.TimeZoneId);
        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>
    /// The METHOD of a written invitation, for the text/calendar part's content type: the calendar object's own property,
    /// read by the parser, never a search of its text (a coffee place "METHOD:CANCEL" is text inside LOCATION).
    /// </summary>
    public static string MethodOf(string calendar) =>
        string.Equals(Calendar.Load(calendar)?.Method, Cancel, StringComparison.OrdinalIgnoreCase) ? Cancel : Request;
}
