# syntax=docker/dockerfile:1
# The phigate proxy image. Build stage: npm ci, tsc build, prune dev dependencies. Runtime stage:
# the compiled program and production dependencies only, run as the unprivileged `node` user:
#   node dist/cli/main.js serve --config /config/phigate.yaml
# On Azure the config and the TLS pair are Key Vault secrets mounted under /config
# (infra/app/proxy.bicep); see docs/operators.md. azd builds it remotely in ACR (azure.yaml).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY core ./core
COPY proxy ./proxy
COPY functions ./functions
COPY cli ./cli
RUN npm run build \
 && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
# The program and its dependencies stay root-owned (read-only to the process); only the local
# state directory (`serve --data-dir` default .phigate) is writable by the runtime user.
RUN mkdir -p /app/.phigate /config \
 && chown node:node /app/.phigate
USER node
# 6432: PostgreSQL wire protocol (TLS terminated here). 7071: /healthz, /readyz, /metrics.
EXPOSE 6432 7071
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:7071/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# One V8 worker thread: the proxy is I/O bound, and every extra worker thread grows its own
# malloc arena (tens of MB of RSS per replica) for background GC and compilation.
CMD ["node", "--v8-pool-size=1", "dist/cli/main.js", "serve", "--config", "/config/phigate.yaml"]
