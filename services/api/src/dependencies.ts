import type { EventStore } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import type { MessageBus } from '@sapien/message-bus';
import type { ReadModelStore } from '@sapien/read-model-sql';
import type { OAuthServer } from '@sapien/oauth';
import type { PasswordHasher, SecretBox } from '@sapien/users';
import type { FastifyServerOptions } from 'fastify';
import type { ResolvePrincipal } from './auth/authenticate.ts';

/** Resolves true once every projection the API reads has reached `position`, false after `timeoutMs`. */
export type WaitForPosition = (position: number, timeoutMs: number) => Promise<boolean>;

/** What the API is built from; the composition root (`npm start`, tests) supplies it. */
export type ApiDependencies = Readonly<{
  eventStore: EventStore;
  readModels: ReadModelStore;
  bus: MessageBus;
  clock: Clock;
  waitForPosition: WaitForPosition;
  /**
   * Turns a bearer token into the caller (the OAuth server's introspection). With it every /v1 route
   * needs a token and is decided by voters and rate-limited; without it (some unit suites) /v1 is open.
   */
  resolvePrincipal?: ResolvePrincipal;
  /** Seals users' TOTP secrets (AES-256-GCM); its key comes from SAPIEN_SECRET_KEY. */
  secretBox: SecretBox;
  /** Hashes users' passwords; scrypt with the default parameters unless given. */
  passwordHasher?: PasswordHasher;
  /**
   * Sapien's OAuth server: served under /oauth, /interaction and /.well-known, and the registry behind
   * POST /v1/orgs/{orgId}/clients. Pass its resolveAccessToken as resolvePrincipal. Without it neither is served.
   */
  oauth?: OAuthServer;
  /** Fastify's logger option: `false` (default), `true`, or pino options (level, stream…). */
  logger?: FastifyServerOptions['logger'];
  /** Largest request body in bytes; larger ones get 413. Default 64 KiB. */
  bodyLimit?: number;
  /** How long a query with `Sapien-Min-Position` waits before answering 503. Default 5,000 ms. */
  minPositionTimeoutMs?: number;
  /** How long each readiness check may take. Default 2,000 ms. */
  readyTimeoutMs?: number;
  /** How long an unfinished Idempotency-Key claim blocks a retry (a crashed request's). Default 60,000 ms. */
  idempotencyLeaseMs?: number;
}>;

export type ApiSettings = Readonly<{
  bodyLimit: number;
  minPositionTimeoutMs: number;
  readyTimeoutMs: number;
  idempotencyLeaseMs: number;
}>;

export const DEFAULT_API_SETTINGS: ApiSettings = {
  bodyLimit: 64 * 1024,
  minPositionTimeoutMs: 5_000,
  readyTimeoutMs: 2_000,
  idempotencyLeaseMs: 60_000,
};

export const settingsOf = (deps: ApiDependencies): ApiSettings => ({
  bodyLimit: deps.bodyLimit ?? DEFAULT_API_SETTINGS.bodyLimit,
  minPositionTimeoutMs: deps.minPositionTimeoutMs ?? DEFAULT_API_SETTINGS.minPositionTimeoutMs,
  readyTimeoutMs: deps.readyTimeoutMs ?? DEFAULT_API_SETTINGS.readyTimeoutMs,
  idempotencyLeaseMs: deps.idempotencyLeaseMs ?? DEFAULT_API_SETTINGS.idempotencyLeaseMs,
});
