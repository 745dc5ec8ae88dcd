# syntax=docker/dockerfile:1
# Multi-stage build after dotnet/dotnet-docker samples/aspnetapp: project files first so the restore layer is cached,
# then the sources, then `publish --no-restore`.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Node and npm restore the front-end libraries (Bootstrap, Chart.js, Sass) from package-lock.json; the build compiles
# the Bootstrap parts the app uses with Sass (Styles/bootstrap.scss).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /source

COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Allyship.Web/Allyship.Web.csproj src/Allyship.Web/
COPY src/Allyship.Data/Allyship.Data.csproj src/Allyship.Data/
COPY src/Allyship.Migrations.Sqlite/Allyship.Migrations.Sqlite.csproj src/Allyship.Migrations.Sqlite/
COPY src/Allyship.Migrations.Postgres/Allyship.Migrations.Postgres.csproj src/Allyship.Migrations.Postgres/
RUN dotnet restore src/Allyship.Web/Allyship.Web.csproj

COPY src/Allyship.Web/package.json src/Allyship.Web/package-lock.json src/Allyship.Web/
RUN cd src/Allyship.Web && npm ci --no-audit --no-fund

COPY src/ src/
RUN dotnet publish src/Allyship.Web/Allyship.Web.csproj -c Release -o /app --no-restore \
    && mkdir -p /data

# chiseled-extra carries tzdata and ICU: pledge weeks are computed in each program's IANA time zone.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra AS final
WORKDIR /app
COPY --from=build /app .
# The database (with the Data Protection keys) and its backups live in /data, owned by the non-root app user (uid 1654).
COPY --from=build --chown=1654:1654 /data /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Storage__DataDirectory=/data
VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Allyship.Web.dll"]
