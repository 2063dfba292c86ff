# Portal as a container: build and publish with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t portal .
#   docker run -p 8080:8080 -v portal-data:/data -e Portal__Bootstrap__AdminPassword=... portal
# One container on its SQLite file in /data is a complete portal; a fleet (deploy/compose, deploy/kubernetes)
# points every replica at PostgreSQL and an S3 bucket instead.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Portal.Web/Portal.Web.csproj -c Release -o /out/portal \
 && dotnet publish Portal.Cli/Portal.Cli.csproj -c Release -o /out/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl answers the HEALTHCHECK; the runtime image has no HTTP client of its own.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown 1654:1654 /data
WORKDIR /app
COPY --from=build /out/portal ./
COPY --from=build /out/cli ./cli/
RUN ln -s /app/cli/portal /usr/local/bin/portal

# The data folder: the SQLite database (single container), uploaded datasets, the artefact store when it is files,
# and the local cache of artefacts fetched from S3. A volume, so a new image keeps the registry.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Portal__DataPath=/data \
    Portal__ModelsPath=/data/models
VOLUME ["/data"]
EXPOSE 8080

# The image's unprivileged "app" user ($APP_UID), by number so Kubernetes' runAsNonRoot can check it.
USER 1654:1654

# Liveness only (the process answers); readiness (/health/ready: database reachable, champions loaded) is for
# load balancers, which must stop sending traffic to a replica that cannot reach PostgreSQL without restarting it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl --fail --silent --show-error http://127.0.0.1:8080/health/live || exit 1

ENTRYPOINT ["dotnet", "Portal.Web.dll"]
