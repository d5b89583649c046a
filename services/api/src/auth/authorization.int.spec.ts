import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { apiAccessDecisionManager, type Principal } from '@sapien/authorization';
import { ORG_API_RATE_LIMIT_TABLE, OrgRateLimitSettings, SqlRateLimiter, createRateLimiter } from '@sapien/rate-limit';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { routesOf } from '../app.ts';
import { json, startHarness, type Harness } from '../testing/harness.ts';
import { RouteWithoutAuthorizationError } from './errors.ts';
import { orgSubject } from './org-subject.ts';
import { registerAuthorization, type AuthorizationOptions } from './plugin.ts';
import { bearer, resolveTestPrincipal } from './testing/test-principals.ts';

const PROBLEM = /^application\/problem\+json/;
/** Org 1's partition key: base64 of "1". */
const PK_ORG_1 = ':MQ==:';
const PK_ORG_2 = ':Mg==:';

const rateLimitHeadersOf = (response: LightMyRequestResponse) => ({
  policy: response.headers['ratelimit-policy'],
  state: response.headers.ratelimit,
});

describe('registerAuthorization (every /v1 route decided by voters, limited per org)', () => {
  let api: Harness;
  const inject = (method: string, url: string, token?: string, payload?: object) =>
    api.app.inject({ method: method as 'GET', url, headers: token === undefined ? {} : bearer(token), ...(payload ? { payload } : {}) });

  before(async () => {
    api = await startHarness({ api: { resolvePrincipal: resolveTestPrincipal } });
    let position = 0;
    for (const body of [
      { name: 'Acme', orgId: 1 },
      { name: 'Globex', orgId: 2 },
      { name: 'Tiny', orgId: 3, apiRateLimit: { limit: 3, windowSeconds: 60 } },
    ]) {
      const response = await inject('POST', '/v1/orgs', 'platform-admin', body);
      expect(response.statusCode, response.body).to.equal(201);
      position = Number(response.headers['sapien-position']);
    }
    expect(await api.runner.waitForPosition(position, 10_000)).to.equal(true);
  });
  after(async () => api?.close());

  describe('registration', () => {
    let app: FastifyInstance;
    const options = (): AuthorizationOptions => ({
      resolvePrincipal: resolveTestPrincipal,
      decisionManager: apiAccessDecisionManager(),
      rateLimiter: new SqlRateLimiter({ store: api.readModels }),
      settings: new OrgRateLimitSettings({ store: api.readModels }),
    });
    beforeEach(() => {
      app = Fastify();
      registerAuthorization(app, options());
    });
    afterEach(async () => app.close());

    it('throws when a /v1 route declares no config.authorization', () => {
      expect(() => app.get('/v1/orgs/:orgId/things', async () => ({}))).to.throw(RouteWithoutAuthorizationError, /declares no config.authorization/);
    });

    it('throws when a route about an org declares no subject', () => {
      expect(() => app.get('/v1/orgs/:orgId/things', { config: { authorization: { attribute: 'orgs:read' } } }, async () => ({}))).to.throw(
        RouteWithoutAuthorizationError,
        /declares no subject/,
      );
    });

    it('throws when a route declares no attribute', () => {
      expect(() => app.get('/v1/things', { config: { authorization: { attribute: [] } } }, async () => ({}))).to.throw(
        RouteWithoutAuthorizationError,
      );
    });

    it('fails start-up when a plugin adds a /v1 route without a decision', async () => {
      app.register(async (child) => {
        child.get('/v1/later', async () => ({}));
      });
      const error = await app.ready().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(RouteWithoutAuthorizationError);
    });

    it('accepts a declared route and leaves routes outside /v1 alone', async () => {
      app.get('/v1/orgs/:orgId/things', { config: { authorization: { attribute: 'orgs:read', subject: orgSubject } } }, async () => ({}));
      app.get('/v1x', async () => ({}));
      app.get('/hello', async () => ({}));
      await app.ready();
    });
  });

  describe('OpenAPI', () => {
    it('documents the bearer token and the 401, 403 and 429 answers on every /v1 operation, and only there', async () => {
      const doc = json(await api.app.inject({ method: 'GET', url: '/openapi.json' })) as {
        paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
        components: { securitySchemes: Record<string, unknown> };
      };
      expect(doc.components.securitySchemes.bearer).to.deep.include({ type: 'http', scheme: 'bearer' });
      const v1 = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/'));
      expect(v1.length).to.be.greaterThan(5);
      for (const [path, operations] of v1) {
        for (const [method, operation] of Object.entries(operations)) {
          expect(operation.security, `${method} ${path}`).to.deep.equal([{ bearer: [] }]);
          expect(Object.keys(operation.responses), `${method} ${path}`).to.include.members(['401', '403', '429']);
        }
      }
      expect(doc.paths['/hello']?.get?.security).to.equal(undefined);
    });
  });

  describe('authentication', () => {
    it('records the client of the token as the actor of the events a command appends', async () => {
      const response = await inject('PATCH', '/v1/orgs/1', 'org-1', { name: 'Acme Renamed' });
      expect(response.statusCode, response.body).to.equal(200);
      const [last] = await api.eventStore.readStream('org-1', { direction: 'backwards', maxCount: 1 });
      expect(last?.metadata.actor).to.deep.equal({ kind: 'client', id: 'client-of-1' });
      const back = await inject('PATCH', '/v1/orgs/1', 'org-1', { name: 'Acme' });
      expect(back.statusCode, back.body).to.equal(200);
      expect(await api.runner.waitForPosition(Number(back.headers['sapien-position']), 10_000)).to.equal(true);
    });

    it('answers 401 problem+json with a Bearer challenge when no token is sent', async () => {
      const response = await inject('GET', '/v1/orgs/1');
      expect(response.statusCode).to.equal(401);
      expect(response.headers['content-type']).to.match(PROBLEM);
      expect(response.headers['www-authenticate']).to.equal('Bearer realm="sapien"');
      expect(json(response)).to.include({ type: 'urn:sapien:problem:unauthenticated', status: 401 });
      expect(response.body).not.to.include('Acme');
    });

    it('answers 401 with error="invalid_token" for a token the server does not vouch for', async () => {
      for (const authorization of ['Bearer not-a-token', 'Bearer bad token', 'bearer ']) {
        const response = await api.app.inject({ method: 'GET', url: '/v1/orgs/1', headers: { authorization } });
        expect(response.statusCode, authorization).to.equal(401);
        expect(response.headers['www-authenticate']).to.equal('Bearer realm="sapien", error="invalid_token"');
      }
    });

    it('treats another scheme as no token', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/v1/orgs/1', headers: { authorization: 'Basic b3JnLTE6eA==' } });
      expect(response.statusCode).to.equal(401);
      expect(response.headers['www-authenticate']).to.equal('Bearer realm="sapien"');
    });

    it('accepts the scheme in any case', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/v1/orgs/1', headers: { authorization: 'BEARER org-1' } });
      expect(response.statusCode).to.equal(200);
    });

    it('asks nothing of routes outside /v1', async () => {
      expect((await inject('GET', '/hello')).statusCode).to.equal(200);
    });
  });

  describe('decisions', () => {
    it('lets a member with the scope read its own org', async () => {
      const response = await inject('GET', '/v1/orgs/1', 'org-1');
      expect(response.statusCode).to.equal(200);
      expect(json(response)).to.include({ orgId: 1, name: 'Acme' });
    });

    it('answers 403 problem+json with insufficient_scope to a member lacking the scope, and changes nothing', async () => {
      const before = await api.eventStore.headPosition();
      const response = await inject('PATCH', '/v1/orgs/1', 'org-1-read-only', { name: 'Renamed' });
      expect(response.statusCode).to.equal(403);
      expect(response.headers['content-type']).to.match(PROBLEM);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:forbidden', attribute: 'orgs:write' });
      expect(response.headers['www-authenticate']).to.equal('Bearer realm="sapien", error="insufficient_scope", scope="orgs:write"');
      expect(await api.eventStore.headPosition()).to.equal(before);
    });

    it('keeps creating orgs for platform admins', async () => {
      const response = await inject('POST', '/v1/orgs', 'org-1', { name: 'Mine' });
      expect(response.statusCode).to.equal(403);
      expect(json(response)).to.include({ attribute: 'admin' });
    });

    it('lets a platform admin into any org', async () => {
      expect((await inject('GET', '/v1/orgs/2', 'platform-admin')).statusCode).to.equal(200);
    });

    it('answers a malformed org id in the path with 404 to an org token', async () => {
      const response = await inject('GET', '/v1/orgs/01', 'org-1');
      expect(response.statusCode).to.equal(404);
    });
  });

  describe('tenant isolation', () => {
    const v1Routes = () => routesOf(api.app).filter(({ url }) => url === '/v1' || url.startsWith('/v1/'));
    const concrete = (url: string): string => url.replaceAll(':orgId', '1').replace(/:[A-Za-z]+/gu, 'x');
    const BODY = { name: 'Stolen', orgId: 1, limit: 1, windowSeconds: 1 };

    it('covers every /v1 route the app registered', () => {
      const listed = v1Routes().map(({ method, url }) => `${method} ${url}`);
      expect(listed).to.include.members([
        'POST /v1/orgs',
        'GET /v1/orgs/:orgId',
        'HEAD /v1/orgs/:orgId',
        'PATCH /v1/orgs/:orgId',
        'PUT /v1/orgs/:orgId/api-rate-limit',
      ]);
    });

    it('answers every /v1 route called with another org’s token with 404 and no data', async () => {
      const before = await api.eventStore.headPosition();
      for (const { method, url } of v1Routes()) {
        const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
        const response = await inject(method, concrete(url), 'org-2', withBody ? BODY : undefined);
        const label = `${method} ${url}`;
        // A route not about an org (creating one) is refused as such: the token lacks admin.
        expect(response.statusCode, label).to.equal(url.includes(':orgId') ? 404 : 403);
        expect(response.body, label).not.to.include('Acme');
        expect(response.headers['sapien-position'], label).to.equal(undefined);
        if (method !== 'HEAD') {
          expect(response.headers['content-type'], label).to.match(PROBLEM);
          const problem = json(response);
          expect(Object.keys(problem), label).to.have.members(
            response.statusCode === 404
              ? ['type', 'title', 'status', 'detail', 'resource', 'id', 'instance', 'correlationId']
              : ['type', 'title', 'status', 'detail', 'attribute', 'instance', 'correlationId'],
          );
        }
        // The caller is still counted, against its own org.
        expect(rateLimitHeadersOf(response).policy, label).to.equal(`"org";q=600;w=60;pk=${PK_ORG_2}`);
      }
      expect(await api.eventStore.headPosition()).to.equal(before);
      const acme = json(await inject('GET', '/v1/orgs/1', 'platform-admin'));
      expect(acme).to.include({ name: 'Acme' });
      expect(acme.apiRateLimit).to.deep.equal({ limit: 600, windowSeconds: 60 });
    });

    it('answers another org’s resource exactly as a missing one', async () => {
      const foreign = json(await inject('GET', '/v1/orgs/1', 'org-2'));
      const missing = json(await inject('GET', '/v1/orgs/999', 'platform-admin'));
      const shape = ({ correlationId: _c, instance: _i, ...rest }: Record<string, unknown>) => rest;
      expect(shape(foreign)).to.deep.equal({ ...shape(missing), detail: 'organisation 1 was not found', id: 1 });
    });
  });

  describe('rate limits', () => {
    it('puts RateLimit-Policy and RateLimit on every /v1 response, whatever its status', async () => {
      const calls: [string, string, object?][] = [
        ['GET', '/v1/orgs/1'],
        ['HEAD', '/v1/orgs/1'],
        ['GET', '/v1/orgs/2'],
        ['PATCH', '/v1/orgs/1', {}],
        ['PUT', '/v1/orgs/1/api-rate-limit', { limit: 0 }],
        ['POST', '/v1/orgs', { name: 'X' }],
      ];
      for (const [method, url, payload] of calls) {
        const response = await inject(method, url, 'org-1', payload);
        const { policy, state } = rateLimitHeadersOf(response);
        expect(policy, `${method} ${url} → ${response.statusCode}`).to.equal(`"org";q=600;w=60;pk=${PK_ORG_1}`);
        expect(state, `${method} ${url}`).to.match(/^"org";r=\d+;t=\d+;pk=:MQ==:$/u);
      }
    });

    it('answers 429 problem+json with Retry-After once the org has used its quota', async () => {
      const remaining: (string | undefined)[] = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await inject('GET', '/v1/orgs/3', 'org-3');
        expect(response.statusCode).to.equal(200);
        remaining.push(/;r=(\d+);/u.exec(String(response.headers.ratelimit))?.[1]);
      }
      expect(remaining).to.deep.equal(['2', '1', '0']);
      const refused = await inject('GET', '/v1/orgs/3', 'org-3');
      expect(refused.statusCode).to.equal(429);
      expect(refused.headers['content-type']).to.match(PROBLEM);
      expect(json(refused)).to.include({ type: 'urn:sapien:problem:rate-limit-exceeded', status: 429 });
      expect(json(refused)).not.to.have.property('name');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).to.be.within(1, 60);
      expect(refused.headers['ratelimit-policy']).to.equal('"org";q=3;w=60;pk=:Mw==:');
      expect(refused.headers.ratelimit).to.equal(`"org";r=0;t=${retryAfter};pk=:Mw==:`);
      // Every request counts, even one the voters would refuse.
      expect((await inject('GET', '/v1/orgs/1', 'org-3')).statusCode).to.equal(429);
    });

    it('shows query clients the live count in Org.OrgAPIRateLimit within about a second (SQLite: counted in process, written behind)', async () => {
      const rowOf3 = async () => api.readModels.db(ORG_API_RATE_LIMIT_TABLE).where('OrgId', 3).first('RequestCount');
      const deadline = Date.now() + 5_000;
      let row: { RequestCount: unknown } | undefined = await rowOf3();
      while (Number(row?.RequestCount) !== 4 && Date.now() < deadline) {
        await sleep(50);
        row = await rowOf3();
      }
      // Three allowed, then refusals: the count stops one past the limit.
      expect(Number(row?.RequestCount)).to.equal(4);
    });

    it('writes what the limiter still holds when the app closes', async () => {
      const app = Fastify();
      const principal: Principal = { kind: 'client', clientId: 'client-of-9', orgId: 9, scopes: ['orgs:read'], roles: [] };
      registerAuthorization(app, {
        resolvePrincipal: async () => principal,
        decisionManager: apiAccessDecisionManager(),
        rateLimiter: createRateLimiter(api.readModels, { flushIntervalMs: 60_000 }),
        settings: new OrgRateLimitSettings({ store: api.readModels }),
      });
      app.get('/v1/orgs/:orgId', { config: { authorization: { attribute: 'orgs:read', subject: orgSubject } } }, async () => ({}));
      for (let i = 0; i < 3; i += 1) expect((await app.inject({ method: 'GET', url: '/v1/orgs/9', headers: bearer('any') })).statusCode).to.equal(200);
      await app.close();
      const row: { RequestCount: unknown } | undefined = await api.readModels.db(ORG_API_RATE_LIMIT_TABLE).where('OrgId', 9).first('RequestCount');
      expect(Number(row?.RequestCount)).to.equal(3);
    });

    it('does not limit platform-admin tokens, which belong to no org', async () => {
      const response = await inject('GET', '/v1/orgs/3', 'platform-admin');
      expect(response.statusCode).to.equal(200);
      expect(rateLimitHeadersOf(response)).to.deep.equal({ policy: undefined, state: undefined });
    });

    it('sends no RateLimit headers without a token: there is no org to count against', async () => {
      expect(rateLimitHeadersOf(await inject('GET', '/v1/orgs/1'))).to.deep.equal({ policy: undefined, state: undefined });
    });
  });
});
