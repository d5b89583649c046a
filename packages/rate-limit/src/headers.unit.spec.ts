import { expect } from 'chai';
import { partitionKey, rateLimitHeader, rateLimitPolicyHeader } from './headers.ts';

describe('RateLimit headers (draft-ietf-httpapi-ratelimit-headers)', () => {
  it('gives the org id as a structured-field byte sequence for the partition key', () => {
    expect(partitionKey(42)).to.equal(':NDI=:');
    expect(Buffer.from(partitionKey(1234567).slice(1, -1), 'base64').toString('utf8')).to.equal('1234567');
  });

  it('formats RateLimit-Policy with quota and window', () => {
    expect(rateLimitPolicyHeader(42, { limit: 600, windowSeconds: 60 })).to.equal('"org";q=600;w=60;pk=:NDI=:');
  });

  it('formats RateLimit with remaining quota and seconds to reset', () => {
    expect(rateLimitHeader(42, { remaining: 12, resetSeconds: 30 })).to.equal('"org";r=12;t=30;pk=:NDI=:');
  });
});
