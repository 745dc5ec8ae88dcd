using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyship.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ColleagueManagerEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ManagerEmail",
                table: "Colleagues",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Colleagues_Name",
                table: "Colleagues",
                column: "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Colleagues_Name",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "ManagerEmail",
                table: "Colleagues");
        }
    }
}
