# syntax=docker/dockerfile:1
#
# omniroute container image. The default (last) stage is `runner-base`: the app as built from this checkout.
#   docker build -t omniroute .
#   docker run -p 20128:20128 -v omniroute-data:/data omniroute
# `runner-cli` installs the packed npm tarball globally instead, the way users get it from npm:
#   docker build --target runner-cli -t omniroute:cli .
#
# Build and start commands are the README's production commands: `npm ci`, `npm run build`,
# `node bin/omniroute.js` (= `npm start`).

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# ---- deps: every dependency, with the toolchain better-sqlite3 needs when no prebuilt binary fits ----
FROM base AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY open-sse/package.json ./open-sse/
RUN npm ci

# ---- builder: the Next build (.next) and the server bundle (dist/) ----
FROM deps AS builder
COPY . .
RUN npm run build && rm -rf .next/cache

# ---- prod-deps: node_modules without devDependencies (native addon already compiled in deps) ----
FROM deps AS prod-deps
RUN npm prune --omit=dev

# ---- packer: the npm tarball, exactly what `npm publish` would ship (build already done above) ----
FROM builder AS packer
RUN npm pack --ignore-scripts

# ---- cli-install: global install of the tarball, done where the toolchain is available ----
FROM deps AS cli-install
COPY --from=packer /app/omniroute-*.tgz /tmp/
RUN npm install -g /tmp/omniroute-*.tgz && rm /tmp/omniroute-*.tgz

# ---- runtime: what both runners share (user, env, volume, health check) ----
FROM base AS runtime
RUN groupadd --system --gid 1001 omniroute \
  && useradd --system --uid 1001 --gid omniroute --create-home --home-dir /home/omniroute omniroute \
  && mkdir -p /data \
  && chown omniroute:omniroute /data
ENV NODE_ENV=production \
    PORT=20128 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data
VOLUME /data
EXPOSE 20128
# No curl in the slim image: node's own fetch. Healthy only on HTTP 200 (storage read+write checked).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 20128) + '/api/health').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]

# ---- runner-cli: `npm install -g omniroute` experience ----
FROM runtime AS runner-cli
COPY --from=cli-install /usr/local/lib/node_modules/omniroute /usr/local/lib/node_modules/omniroute
RUN ln -s ../lib/node_modules/omniroute/bin/omniroute.js /usr/local/bin/omniroute
WORKDIR /home/omniroute
USER omniroute
CMD ["omniroute", "--no-open"]

# ---- runner-base (default): the app from this checkout ----
FROM runtime AS runner-base
# App files stay root-owned (read-only to the app); only /data and Next's cache dir are writable.
COPY --from=builder /app/package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# Target of the node_modules/@omniroute/open-sse workspace link.
COPY --from=builder /app/open-sse ./open-sse
COPY --from=builder /app/next.config.ts ./
COPY --from=builder /app/.next ./.next
COPY --from=builder /app/dist ./dist
COPY --from=builder /app/bin ./bin
COPY --from=builder /app/public ./public
RUN mkdir -p .next/cache && chown omniroute:omniroute .next/cache
USER omniroute
CMD ["node", "bin/omniroute.js", "--no-open"]
