using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Allyship.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PlannedCoffeesAndPreferredName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Calendar",
                table: "Emails",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreferredName",
                table: "AspNetUsers",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlannedCoffees",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProgramId = table.Column<int>(type: "integer", nullable: false),
                    MentorId = table.Column<string>(type: "text", nullable: false),
                    ColleagueId = table.Column<int>(type: "integer", nullable: false),
                    StartsUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TimeZoneId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Uid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    CancelledUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LoggedActionId = table.Column<int>(type: "integer", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlannedCoffees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlannedCoffees_Actions_LoggedActionId",
                        column: x => x.LoggedActionId,
                        principalTable: "Actions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PlannedCoffees_AspNetUsers_MentorId",
                        column: x => x.MentorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlannedCoffees_Colleagues_ColleagueId",
                        column: x => x.ColleagueId,
                        principalTable: "Colleagues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlannedCoffees_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_ColleagueId",
                table: "PlannedCoffees",
                column: "ColleagueId");

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_LoggedActionId",
                table: "PlannedCoffees",
                column: "LoggedActionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_MentorId_ProgramId_StartsUtc",
                table: "PlannedCoffees",
                columns: new[] { "MentorId", "ProgramId", "StartsUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_ProgramId",
                table: "PlannedCoffees",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_PlannedCoffees_Uid",
                table: "PlannedCoffees",
                column: "Uid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlannedCoffees");

            migrationBuilder.DropColumn(
                name: "Calendar",
                table: "Emails");

            migrationBuilder.DropColumn(
                name: "PreferredName",
                table: "AspNetUsers");
        }
    }
}
