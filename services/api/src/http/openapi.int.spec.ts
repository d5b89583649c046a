import { expect } from 'chai';
import { json, startHarness, type Harness } from '../testing/harness.ts';

type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, unknown> }>; parameters?: { name: string; in: string }[]; requestBody?: unknown };

describe('GET /openapi.json', () => {
  let harness: Harness;
  let document: Record<string, unknown>;
  before(async () => {
    harness = await startHarness();
    const response = await harness.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).to.equal(200);
    document = json(response);
  });
  after(async () => harness.close());

  const paths = (): Record<string, Record<string, Operation>> => document.paths as Record<string, Record<string, Operation>>;

  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).to.equal('3.1.0');
    expect(document.info).to.include({ title: 'Sapien API' });
  });

  /** `METHOD /path/{param}` of every route, read from fastify's route tree (HEAD is implied by GET). */
  const servedRoutes = (): string[] => {
    const parents: string[] = [];
    const routes: string[] = [];
    for (const line of harness.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = /^(.*?)[├└]── (\S+) \(([^)]+)\)$/u.exec(line);
      if (!match) continue;
      const depth = (match[1] ?? '').length / 4;
      const path = (parents[depth - 1] ?? '') + (match[2] ?? '');
      parents[depth] = path;
      for (const method of (match[3] ?? '').split(', ')) {
        if (method !== 'HEAD') routes.push(`${method} ${path.replace(/:(\w+)/gu, '{$1}')}`);
      }
    }
    return routes.sort();
  };

  it('lists every route the app serves, with its methods', () => {
    const documented = Object.entries(paths())
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).to.deep.equal(servedRoutes());
    expect(documented).to.include.members([
      'POST /v1/orgs',
      'GET /v1/orgs/{orgId}',
      'PATCH /v1/orgs/{orgId}',
      'PUT /v1/orgs/{orgId}/api-rate-limit',
      'GET /hello',
      'GET /health/live',
      'GET /health/ready',
      'GET /openapi.json',
    ]);
  });

  it('gives every operation a unique operationId and responses', () => {
    const operations = Object.values(paths()).flatMap((methods) => Object.values(methods));
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).to.equal(operations.length);
    for (const operation of operations) expect(Object.keys(operation.responses ?? {})).to.not.be.empty;
  });

  it('documents problem+json responses, Idempotency-Key and Sapien-Min-Position', () => {
    const create = paths()['/v1/orgs']?.post;
    expect(create?.responses?.['400']?.content).to.have.property('application/problem+json');
    expect(create?.responses?.['413']?.content).to.have.property('application/problem+json');
    expect(create?.parameters?.map((p) => `${p.in}:${p.name}`)).to.include('header:idempotency-key');
    const read = paths()['/v1/orgs/{orgId}']?.get;
    expect(read?.parameters?.map((p) => `${p.in}:${p.name}`)).to.include.members(['path:orgId', 'header:sapien-min-position']);
    expect(read?.responses?.['404']?.content).to.have.property('application/problem+json');
    expect(JSON.stringify(create?.responses?.['201'])).to.include('Sapien-Position');
  });

  it('documents the request bodies with their types (validated strictly, so they are exact)', () => {
    type Body = { content?: Record<string, { schema?: { properties?: Record<string, { type?: string }> } }> };
    const body = paths()['/v1/orgs']?.post?.requestBody as Body | undefined;
    const properties = body?.content?.['application/json']?.schema?.properties;
    expect(properties?.name).to.include({ type: 'string' });
    expect(properties?.orgId).to.include({ type: 'integer' });
  });

  it('resolves every $ref to a component schema', () => {
    const components = (document.components as { schemas: Record<string, unknown> }).schemas;
    expect(components).to.include.keys('Problem', 'Organisation', 'ApiRateLimit');
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]);
    expect(refs).to.not.be.empty;
    for (const ref of refs) {
      expect(ref).to.match(/^#\/components\/schemas\//);
      expect(components).to.have.property(String(ref).replace('#/components/schemas/', ''));
    }
  });
});
