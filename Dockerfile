# syntax=docker/dockerfile:1
# The session keeper's container image (template.yaml's KeeperImage; docs/deploy.md). The
# build stage runs local/build-keeper, the script whose output the tests run, on the build
# machine's own platform, cross-compiling for the image's (TARGETARCH), with the cargo
# registry and target folder in cache mounts; the image holds that one binary on a
# distroless base and runs it as a non-root user.
# For Fargate on Graviton: docker buildx build --platform linux/arm64 -t xwg-keeper .

FROM --platform=$BUILDPLATFORM rust:1.95-slim-bookworm AS build
ARG TARGETARCH
# Debian's cross compilers and C libraries for both targets (ring and SQLite are C; there
# is no OpenSSL). Versions are not pinned: bookworm's security updates replace a pinned one.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-x86-64-linux-gnu libc6-dev-amd64-cross \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    local/build-keeper service /out/xwg-keeper

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/xwg-keeper /usr/local/bin/xwg-keeper
ENV XWG_KEEPER_LISTEN=0.0.0.0:8090 \
    XWG_STREAMS_LISTEN=0.0.0.0:8080 \
    XWG_STORE=dynamodb
EXPOSE 8090 8080
# distroless's "nonroot" user, by number (a name may not resolve on the host).
USER 65532:65532
HEALTHCHECK --interval=15s --timeout=5s --retries=3 CMD ["/usr/local/bin/xwg-keeper", "health"]
ENTRYPOINT ["/usr/local/bin/xwg-keeper"]
