# workload-api-mock: the Workload API emulator with the demo environment loaded.
#   docker build -t workload-api-mock .
#   docker run --rm -p 8080:8080 workload-api-mock
# test/dockerfile.test.ts replays these steps outside a container; keep paths relative to WORKDIR.

# Build stage: compile the TypeScript sources, bundle the dashboard and bundle the command (npm run build).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ui ./ui
COPY scripts/build-ui.ts scripts/bundle-server.mjs ./scripts/
RUN npm run build

# Runtime stage: production dependencies, the compiled server and dashboard, and the fixtures only.
FROM node:20-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    MOCK_FIXTURES=fixtures/demo.json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
# Where MOCK_STATE_FILE goes when set (e.g. -e MOCK_STATE_FILE=/data/state.json -v mock-state:/data).
# replay: skip (creates a root-owned directory for the volume; only meaningful inside the image)
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/_mock/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js"]
