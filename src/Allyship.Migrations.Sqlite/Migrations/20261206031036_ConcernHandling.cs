using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ConcernHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            // Concerns raised before there were states stay New (0), read or not: reading is not handling (nobody owns
            // them and nobody answered her), and New keeps them in front of the team until someone takes them on.
            // Anonymous ones raised before ReplyTo existed can't be tied to her link; named ones are found by ColleagueId.
            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "Concerns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ConcernEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConcernEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConcernEntries_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ConcernEntries_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_State_CreatedUtc",
                table: "Concerns",
                columns: new[] { "State", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ConcernEntries_AuthorId",
                table: "ConcernEntries",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_ConcernEntries_ConcernId_CreatedUtc",
                table: "ConcernEntries",
                columns: new[] { "ConcernId", "CreatedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConcernEntries");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_State_CreatedUtc",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "ReplyTo",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "State",
                table: "Concerns");
        }
    }
}
