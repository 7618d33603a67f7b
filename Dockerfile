# syntax=docker/dockerfile:1
# VendeAI appliance. Build: docker compose build (or docker build -t vendeai .)

# Build stage: cgo (SQLite) on the same Debian release as the runtime, so the
# binary's glibc matches. The build command is .ci/build, the same script CI
# and the README run outside Docker.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN VERSION="$VERSION" .ci/build /out/vendeai
# The data dir, owned by the runtime's nonroot user (65532): a new named
# volume mounted on /data takes this owner and mode.
RUN mkdir -p -m 0700 /out/data

# Runtime: distroless base has glibc (cgo) and CA certificates (WhatsApp is
# TLS), runs as nonroot, and has no shell: the healthcheck is the binary.
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/vendeai /usr/local/bin/vendeai
COPY --from=build --chown=65532:65532 /out/data /data
ENV VENDEAI_DATA=/data \
    VENDEAI_ADDR=:3010 \
    VENDEAI_LOG_FORMAT=json
VOLUME /data
EXPOSE 3010
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/vendeai", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/vendeai"]
CMD ["serve"]
