export { NATS_URL, POSTGRES_URL, requireNats, requirePostgres, requireService, uniqueName } from './services.ts';
export { createTemporaryDatabase } from './postgres.ts';
export type { TemporaryDatabase } from './postgres.ts';
export { TestNatsServer } from './nats-server.ts';
export { freePort } from './ports.ts';
export { CHROMIUM, launchChromium, requireChromium } from './browser.ts';
