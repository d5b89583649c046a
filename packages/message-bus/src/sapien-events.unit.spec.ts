import { expect } from 'chai';
import fc from 'fast-check';
import type { Instant, RecordedEvent } from '@sapien/kernel';
import { MalformedMessageError } from './errors.ts';
import {
  parseSapienEventPayload,
  sanitiseSubjectToken,
  sapienEventMessage,
  sapienEventSubject,
} from './sapien-events.ts';

const event = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: '0194f5c2-6e4b-7c3a-9a51-3f0c2d8e1b7a',
  type: 'OrgCreated',
  streamId: 'org-42',
  revision: 0,
  position: 17,
  occurredAt: '2026-01-01T00:00:00.123456Z' as Instant,
  data: { name: 'Acme' },
  metadata: { orgId: 42, correlationId: 'c-1', causationId: 'c-0', actor: { kind: 'client', id: 'cli-7' } },
  ...overrides,
});

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('SAPIEN_EVENTS mapping', () => {
  it('never carries credentials or personal data: both are redacted', () => {
    const message = sapienEventMessage(
      event({
        type: 'UserCreated',
        data: { userId: 'u1', login: 'alice@example.com', passwordHash: 'scrypt$32768$8$3$salt$hash', mfa: { sealedSecret: 'v1.x' } },
      }),
    );
    const text = new TextDecoder().decode(message.payload);
    expect(text).not.to.contain('scrypt$');
    expect(text).not.to.contain('v1.x');
    expect(text).not.to.contain('alice');
    expect(parseSapienEventPayload(message.payload).data).to.deep.equal({
      userId: 'u1',
      login: '[redacted]',
      passwordHash: '[redacted]',
      mfa: { sealedSecret: '[redacted]' },
    });
  });

  describe('sanitiseSubjectToken', () => {
    it('keeps letters, digits, "-" and "_"', () => {
      expect(sanitiseSubjectToken('Org_Created-2')).to.equal('Org_Created-2');
    });

    it('replaces every other character with "_"', () => {
      expect(sanitiseSubjectToken('sofia::register')).to.equal('sofia__register');
      expect(sanitiseSubjectToken('a.b c>*é')).to.equal('a_b_c___');
    });

    it('turns the empty string into "_"', () => {
      expect(sanitiseSubjectToken('')).to.equal('_');
    });

    it('makes any string a valid, non-empty token', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (value) => {
          expect(sanitiseSubjectToken(value)).to.match(/^[A-Za-z0-9_-]+$/);
        }),
      );
    });
  });

  describe('sapienEventSubject', () => {
    it('names org, stream category and event type', () => {
      expect(sapienEventSubject(event())).to.equal('sapien.events.42.org.OrgCreated');
    });

    it('uses org 0 for platform events', () => {
      const platform = event({ metadata: { ...event().metadata, orgId: 0 }, streamId: 'platform' });
      expect(sapienEventSubject(platform)).to.equal('sapien.events.0.platform.OrgCreated');
    });

    it('sanitises a category and a type that hold unsafe characters', () => {
      expect(sapienEventSubject(event({ streamId: 'legal.hold-1', type: 'Hold Placed' }))).to.equal(
        'sapien.events.42.legal_hold.Hold_Placed',
      );
    });

    it('always yields five tokens', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), fc.nat(), (streamId, type, orgId) => {
          const subject = sapienEventSubject(event({ streamId, type, metadata: { ...event().metadata, orgId } }));
          expect(subject.split('.')).to.have.length(5);
        }),
      );
    });
  });

  describe('sapienEventMessage', () => {
    it('uses the event id as message id', () => {
      expect(sapienEventMessage(event()).id).to.equal(event().id);
    });

    it('carries the payload of PRODUCT.md §5', () => {
      const payload: unknown = JSON.parse(new TextDecoder().decode(sapienEventMessage(event()).payload));
      expect(payload).to.deep.equal({
        id: event().id,
        type: 'OrgCreated',
        streamId: 'org-42',
        revision: 0,
        position: 17,
        orgId: 42,
        occurredAt: '2026-01-01T00:00:00.123456Z',
        data: { name: 'Acme' },
        metadata: { correlationId: 'c-1', causationId: 'c-0', actor: { kind: 'client', id: 'cli-7' } },
      });
    });
  });

  describe('parseSapienEventPayload', () => {
    it('reads back what sapienEventMessage wrote', () => {
      const payload = parseSapienEventPayload(sapienEventMessage(event()).payload);
      expect(payload.id).to.equal(event().id);
      expect(payload.metadata.actor).to.deep.equal({ kind: 'client', id: 'cli-7' });
      expect(payload.data).to.deep.equal({ name: 'Acme' });
    });

    it('rejects bytes that are not JSON', () => {
      expect(() => parseSapienEventPayload(new Uint8Array([0xff, 0x00]))).to.throw(MalformedMessageError);
    });

    it('rejects a payload with a missing field', () => {
      const { position: _position, ...rest } = JSON.parse(new TextDecoder().decode(sapienEventMessage(event()).payload)) as Record<string, unknown>;
      expect(() => parseSapienEventPayload(encode(rest))).to.throw(MalformedMessageError, /position/);
    });

    it('rejects an unknown actor kind', () => {
      const wrong = { ...event(), orgId: 42, metadata: { correlationId: 'c', causationId: 'c', actor: { kind: 'robot', id: 'r' } } };
      expect(() => parseSapienEventPayload(encode(wrong))).to.throw(MalformedMessageError, /actor/);
    });

    it('rejects an occurredAt without microseconds', () => {
      const wrong = { ...JSON.parse(new TextDecoder().decode(sapienEventMessage(event()).payload)), occurredAt: '2026-01-01T00:00:00Z' };
      expect(() => parseSapienEventPayload(encode(wrong))).to.throw(MalformedMessageError, /occurredAt/);
    });
  });
});
