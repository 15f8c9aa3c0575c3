# Multi-stage build on Debian 12: the build stage uses the same install script as developers and CI.
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh --build-only && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRDS_EXPORTER_TESTS=OFF \
 && cmake --build build --target rds_exporter \
 && strip build/rds_exporter

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libyaml-cpp0.7 libspdlog1.10 libfmt9 libssl3 zlib1g libcurl4 libpugixml1v5 libprotobuf-lite32 libsnappy1v5 \
      ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 rds_exporter \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin rds_exporter
COPY --from=build /src/build/rds_exporter /usr/local/bin/rds_exporter
COPY config /etc/rds_exporter/config
# uid and gid 10001, as deploy/kubernetes' runAsUser and runAsGroup (a bare useradd --system would pick a gid < 1000).
USER 10001:10001
ENV RUN_MODE=production
EXPOSE 9043
# Liveness, not /health: an AWS outage makes /health 503, and restarting the exporter cannot fix AWS. With TLS
# from --web.config.file, use https:// and curl -k here.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD curl -fsS "http://127.0.0.1:${APP_EXPORTER_PORT:-9043}/-/healthy" >/dev/null || exit 1
ENTRYPOINT ["/usr/local/bin/rds_exporter"]
# OCI image labels (last, so a new revision or date does not rebuild the layers above). CI passes e.g.
#   --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ) \
#   --build-arg SOURCE=https://github.com/OWNER/rds_exporter
# VERSION is the CMake project's version (CMakeLists.txt), which rds_exporter --version prints.
ARG VERSION=0.7.0
ARG REVISION=
ARG CREATED=
ARG SOURCE=
LABEL org.opencontainers.image.title="rds_exporter" \
      org.opencontainers.image.description="Prometheus exporter for Amazon RDS and Aurora: CloudWatch, Performance Insights, Enhanced Monitoring and inventory metrics, across accounts and regions, in the fewest AWS calls" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.vendor="rds_exporter contributors" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.documentation="${SOURCE}" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
