# One image for every service: build the whole workspace once, run one process per container.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/contracts/package.json shared/contracts/
COPY shared/testing/package.json shared/testing/
COPY shared/observability/package.json shared/observability/
COPY shared/service-auth/package.json shared/service-auth/
COPY shared/service-kit/package.json shared/service-kit/
COPY services/ingestion/package.json services/ingestion/
COPY services/relay/package.json services/relay/
COPY services/alerting/package.json services/alerting/
COPY gateway/package.json gateway/
COPY dashboard/package.json dashboard/
# npm's download cache lives in a BuildKit cache mount: a rebuild after a lockfile change fetches only what changed.
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --no-audit --no-fund
COPY . .
# Nx's local cache in a BuildKit cache mount: a rebuild recompiles only the projects whose sources changed.
RUN --mount=type=cache,target=/app/.nx/cache,sharing=locked NX_NO_CLOUD=true NX_DAEMON=false npx nx run-many -t build --outputStyle=static

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# The image refuses development credentials unless told otherwise: docker-compose.yml sets APP_ENV (default
# development) for local use; anywhere else the gateway needs its own ADMIN_API_KEY and SESSION_SECRET, and the
# gateway, ingestion and alerting one shared SERVICE_AUTH_SECRET of your own.
ENV APP_ENV=production
WORKDIR /app
COPY --from=build /app /app
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm prune --omit=dev --no-audit --no-fund
USER node
# The compose file picks the process: node <package>/dist/main.js (or a migrate/seed script).
CMD ["node", "gateway/dist/main.js"]
