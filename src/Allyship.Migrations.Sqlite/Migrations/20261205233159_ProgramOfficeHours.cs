using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProgramOfficeHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing programs keep the behaviour they had: Monday to Friday (bits 1-5), 09:00 to 17:00 (issue 35).
            migrationBuilder.AddColumn<TimeOnly>(
                name: "OfficeCloses",
                table: "Programs",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeOnly(17, 0, 0));

            migrationBuilder.AddColumn<TimeOnly>(
                name: "OfficeOpens",
                table: "Programs",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeOnly(9, 0, 0));

            migrationBuilder.AddColumn<int>(
                name: "WorkingDays",
                table: "Programs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 62);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OfficeCloses",
                table: "Programs");

            migrationBuilder.DropColumn(
                name: "OfficeOpens",
                table: "Programs");

            migrationBuilder.DropColumn(
                name: "WorkingDays",
                table: "Programs");
        }
    }
}
