using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyship.Web.Data.Configurations;

/// <summary>The columns of <see cref="WeeklyTargets"/>, the same names on a program and on a closed week.</summary>
internal static class WeeklyTargetsColumns
{
    public static void Map(ComplexPropertyBuilder<WeeklyTargets> t)
    {
        t.Property(x => x.Coffees).HasColumnName("TargetCoffees");
        t.Property(x => x.ShoutOuts).HasColumnName("TargetShoutOuts");
        t.Property(x => x.SponsorNotes).HasColumnName("TargetSponsorNotes");
        t.Property(x => x.CoffeeMinutes).HasColumnName("CoffeeMinutes");
        t.Property(x => x.ShoutOutMinutes).HasColumnName("ShoutOutMinutes");
        t.Property(x => x.SponsorNoteMinutes).HasColumnName("SponsorNoteMinutes");
    }
}
