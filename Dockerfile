# syntax=docker/dockerfile:1
# PolyMM `mm` image: the published tool plus config/, fixtures/ and deploy/ (the prototype's
# image missed them, seed §B). Build from the repo root:  docker build -t polymm-mm .
# Run:  docker run --rm -v "$PWD/out:/data" polymm-mm experiment --data-mode online ...
# SDK_IMAGE can be overridden if the sdk:10.0 tag lags the SDK pinned in global.json.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
# aspnet, not runtime: the CLI references the ASP.NET Core shared framework (local fake venue).
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Build settings first, then the sources. src/ is copied whole (not project by project) so a new
# project referenced by the CLI needs no Dockerfile change; config/ and fixtures/ are in the build
# context too in case the CLI embeds the sample fixture or default config.
COPY global.json Directory.Build.props Directory.Packages.props PolyMM.slnx .editorconfig ./
COPY eng/ eng/
COPY config/ config/
COPY fixtures/ fixtures/
COPY src/ src/
RUN dotnet restore src/PolyMM.Cli/PolyMM.Cli.csproj
RUN dotnet build src/PolyMM.Cli/PolyMM.Cli.csproj -c Release --no-restore \
 && dotnet publish src/PolyMM.Cli/PolyMM.Cli.csproj -c Release --no-restore --no-build -o /app

FROM ${RUNTIME_IMAGE} AS runtime
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MM_HOME=/opt/polymm
COPY --from=build /app /app
COPY config/ /opt/polymm/config/
COPY fixtures/ /opt/polymm/fixtures/
COPY deploy/ /opt/polymm/deploy/
# `mm` on PATH; /data is the working directory for trades.db and reports/. config and fixtures
# are linked into it so the tool's repo-relative defaults (config/market_making_whitelist.json,
# fixtures/market_making/sample) resolve there too (a named volume is seeded with the links;
# with a bind mount pass absolute paths under /opt/polymm).
RUN install -m 0755 /opt/polymm/deploy/container/mm /usr/local/bin/mm \
 && chmod 0755 /opt/polymm/deploy/container/job-entry.sh \
 && mkdir -p /data \
 && ln -s /opt/polymm/config /data/config \
 && ln -s /opt/polymm/fixtures /data/fixtures \
 && chown "$APP_UID" /data
# The non-root user that the .NET 8+ images ship (APP_UID=1654, user "app").
USER $APP_UID
WORKDIR /data
VOLUME ["/data"]
ENTRYPOINT ["mm"]
CMD ["--help"]
