import { expect } from 'chai';
import { ConflictError, NotFoundError, SapienError, ValidationError } from '@sapien/kernel';
import { ReadModelBehindError } from '../errors.ts';
import { toProblem } from './problem.ts';

describe('toProblem', () => {
  it('keeps a SapienError code as the problem type, with its status and details', () => {
    const { status, problem } = toProblem(new ConflictError('organisation-exists', 'organisation 4 already exists', { orgId: 4 }));
    expect(status).to.equal(409);
    expect(problem).to.deep.equal({
      type: 'urn:sapien:problem:organisation-exists',
      title: 'Conflict',
      status: 409,
      detail: 'organisation 4 already exists',
      orgId: 4,
    });
  });

  it('gives a domain validation error a field and errors, like a schema error', () => {
    const { status, problem } = toProblem(new ValidationError('name must not be empty', 'name'));
    expect(status).to.equal(400);
    expect(problem).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'name' });
    expect(problem.errors).to.deep.equal([{ field: 'name', message: 'name must not be empty' }]);
  });

  it('maps a not-found error to 404', () => {
    expect(toProblem(new NotFoundError('organisation', 3)).status).to.equal(404);
  });

  it('turns retryAfterSeconds into a Retry-After header, not a body member', () => {
    const { status, problem, headers } = toProblem(new ReadModelBehindError(12, 5000));
    expect(status).to.equal(503);
    expect(headers).to.deep.equal({ 'retry-after': '1' });
    expect(problem).to.not.have.property('retryAfterSeconds');
  });

  it('names the field of a schema error from its path, a missing or an extra property', () => {
    const error = {
      statusCode: 400,
      validationContext: 'body',
      validation: [
        { instancePath: '/apiRateLimit/limit', keyword: 'minimum', message: 'must be >= 1', params: {} },
        { instancePath: '', keyword: 'required', message: "must have required property 'name'", params: { missingProperty: 'name' } },
        { instancePath: '', keyword: 'additionalProperties', message: 'must NOT have additional properties', params: { additionalProperty: 'x' } },
      ],
    };
    const { status, problem } = toProblem(error);
    expect(status).to.equal(400);
    expect(problem.field).to.equal('apiRateLimit.limit');
    expect(problem.errors).to.deep.equal([
      { field: 'apiRateLimit.limit', message: 'apiRateLimit.limit must be >= 1' },
      { field: 'name', message: "name must have required property 'name'" },
      { field: 'x', message: 'x is not a known property' },
    ]);
  });

  it('names the part when a schema error has no path (a body that is not an object)', () => {
    const { problem } = toProblem({ validationContext: 'body', validation: [{ instancePath: '', keyword: 'type', message: 'must be object' }] });
    expect(problem.field).to.equal('body');
  });

  it("maps fastify's body errors to stable codes", () => {
    expect(toProblem({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large' }).problem.type).to.equal(
      'urn:sapien:problem:payload-too-large',
    );
    expect(toProblem({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'x' }).problem.type).to.equal(
      'urn:sapien:problem:unsupported-media-type',
    );
  });

  it('hides the cause of anything unexpected behind a 500', () => {
    for (const error of [new Error('select * from "secret" failed'), 'a string', { statusCode: 502 }, new SapienError('boom', 'SQL leaked', 500)]) {
      const { status, problem } = toProblem(error);
      expect(status).to.equal(500);
      expect(problem.type).to.equal('urn:sapien:problem:internal-error');
      expect(JSON.stringify(problem)).to.not.match(/secret|SQL/);
    }
  });
});
