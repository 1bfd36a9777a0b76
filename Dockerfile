# The session keeper's container image (template.yaml's KeeperImage; README, "Deploy to
# AWS"). The build stage runs local/build-keeper, the script whose output the tests run;
# the image holds that one binary on a distroless base and runs it as a non-root user.
# For Fargate on Graviton: docker buildx build --platform linux/arm64 -t xwg-keeper .

FROM rust:1.95-slim-bookworm AS build
# OpenSSL is built from source (the openssl crate's `vendored` feature): make and perl.
# Versions are not pinned: bookworm's security updates replace a pinned version.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends make perl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN local/build-keeper service /out/xwg-keeper

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/xwg-keeper /usr/local/bin/xwg-keeper
ENV XWG_KEEPER_LISTEN=0.0.0.0:8090 \
    XWG_STORE=dynamodb
EXPOSE 8090
# distroless's "nonroot" user, by number (a name may not resolve on the host).
USER 65532:65532
HEALTHCHECK --interval=15s --timeout=5s --retries=3 CMD ["/usr/local/bin/xwg-keeper", "health"]
ENTRYPOINT ["/usr/local/bin/xwg-keeper"]
