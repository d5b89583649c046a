# One image for the three Sapien services; the command picks the service.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY projections ./projections
COPY services ./services
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save tsx@4
COPY tsconfig.base.json tsconfig.json ./
ENV NODE_ENV=production
ENTRYPOINT ["node", "--import", "tsx", "packages/cli/src/main.ts"]
