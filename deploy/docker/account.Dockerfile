# syntax=docker/dockerfile:1
# The account service. Build from the repository root (BuildKit reads account.Dockerfile.dockerignore):
#   docker build -f deploy/docker/account.Dockerfile -t wallet/account:$(node -p "require('./services/account/package.json').version") .

# Pinned exactly: the same Node.js line the platform is developed and tested on.
FROM node:20.20.2-bookworm-slim AS base
ENV CI=true TURBO_TELEMETRY_DISABLED=1
RUN npm install --global --no-fund --no-audit pnpm@10.34.8 turbo@2.11.11
WORKDIR /repo

# Only the workspace packages account needs, with a lockfile cut down to them.
FROM base AS pruner
COPY . .
RUN turbo prune @wallet/account --docker --out-dir /pruned

FROM base AS builder
# Manifests first: the dependency layer is rebuilt only when a manifest or the lockfile changes.
COPY --from=pruner /pruned/json/ ./
COPY --from=pruner /pruned/pnpm-lock.yaml ./pnpm-lock.yaml
RUN pnpm install --frozen-lockfile
COPY --from=pruner /pruned/full/ ./
# The contracts are generated from proto/ at build time (turbo prune copies packages only).
COPY proto ./proto
RUN pnpm exec turbo run build --filter=@wallet/account... --output-logs=errors-only
# Reinstall with production dependencies only, of account and the workspace packages it needs at
# run time (--filter-prod ignores devDependencies: no compilers, linters or test runners).
RUN rm -rf node_modules packages/*/node_modules services/*/node_modules packages/*/test services/*/test \
 && pnpm install --prod --frozen-lockfile --offline --filter-prod=@wallet/account...

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production MALLOC_ARENA_MAX=2 GRPC_HOST=0.0.0.0 GRPC_PORT=50053 METRICS_PORT=9464 OTEL_SERVICE_NAME=account
WORKDIR /app
COPY --from=builder /repo/package.json /repo/pnpm-workspace.yaml ./
COPY --from=builder /repo/node_modules ./node_modules
COPY --from=builder /repo/packages ./packages
COPY --from=builder /repo/services ./services
COPY deploy/docker/grpc-health-check.cjs ./grpc-health-check.cjs
# Files stay owned by root and read-only to the process; it runs as the image's unprivileged
# "node" user, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
WORKDIR /app/services/account
EXPOSE 50053 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/grpc-health-check.cjs"]
# Exactly how the platform launcher starts a service: telemetry is loaded before the application.
CMD ["node", "--max-old-space-size=96", "--max-semi-space-size=2", "--enable-source-maps", "--import", "@wallet/telemetry/register", "dist/main.js"]
