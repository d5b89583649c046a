import { expect } from 'chai';
import { strictBodyValidators } from './validation.ts';

const LIMIT = { type: 'object', required: ['limit'], properties: { limit: { type: 'integer' } } } as const;

describe('strictBodyValidators', () => {
  const compile = strictBodyValidators()({}, { customOptions: { removeAdditional: false } });

  it('validates a body without coercion: a numeric string is not a number', () => {
    const validate = compile({ schema: LIMIT, httpPart: 'body' });
    expect(validate({ limit: 600 })).to.equal(true);
    const body = { limit: '600' };
    expect(validate(body)).to.equal(false);
    expect(validate.errors?.[0]).to.include({ instancePath: '/limit', keyword: 'type' });
    expect(body.limit).to.equal('600');
  });

  it('coerces path params, querystrings and headers, which arrive as strings', () => {
    for (const httpPart of ['params', 'querystring', 'headers']) {
      const value = { limit: '600' };
      expect(compile({ schema: LIMIT, httpPart })(value), httpPart).to.equal(true);
      expect(value.limit, httpPart).to.equal(600);
    }
  });

  it('matches header names case-insensitively, as fastify does', () => {
    const schema = { type: 'object', required: ['Idempotency-Key'], properties: { 'Idempotency-Key': { type: 'string', minLength: 3 } } };
    const validate = compile({ schema, httpPart: 'headers' });
    expect(validate({ 'idempotency-key': 'abc' })).to.equal(true);
    expect(validate({ 'idempotency-key': 'a' })).to.equal(false);
  });

  it('keeps the server options: an unknown body property stays and fails', () => {
    const validate = compile({ schema: { ...LIMIT, additionalProperties: false }, httpPart: 'body' });
    const body = { limit: 1, colour: 'red' };
    expect(validate(body)).to.equal(false);
    expect(body).to.have.property('colour');
  });
});
