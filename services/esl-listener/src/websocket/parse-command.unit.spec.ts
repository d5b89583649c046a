import { ValidationError } from '@sapien/kernel';
import { expect } from 'chai';
import { WebSocketMessageError } from './errors.ts';
import { messageId, parseCommandMessage } from './parse-command.ts';

const parse = (message: unknown) => parseCommandMessage(JSON.stringify(message));

const failure = (message: unknown): { code: string; field?: unknown; message: string } => {
  try {
    parseCommandMessage(typeof message === 'string' ? message : JSON.stringify(message));
  } catch (error) {
    if (error instanceof ValidationError) return { code: error.code, field: error.details.field, message: error.message };
    if (error instanceof WebSocketMessageError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('parsed');
};

const CAPTURE_ID = '0190a5c4-3b2a-7cde-8f00-1234567890ab';

describe('CommandMessage validation', () => {
  describe('a well-formed message', () => {
    it('reads subscribe with events and a node', () => {
      expect(parse({ id: 'c1', command: 'subscribe', value: { events: ['CHANNEL_ANSWER', 'CUSTOM::sofia::register'], node: 'fs1' } })).to.deep.equal({
        id: 'c1',
        command: 'subscribe',
        value: { events: [{ name: 'CHANNEL_ANSWER' }, { name: 'CUSTOM', subclass: 'sofia::register' }], node: 'fs1' },
      });
    });

    it('reads unsubscribe, api and bgapi', () => {
      expect(parse({ id: 2, command: 'unsubscribe', value: { events: ['ALL'] } })).to.deep.equal({ id: 2, command: 'unsubscribe', value: { events: [{ name: 'ALL' }] } });
      expect(parse({ id: 'a', command: 'api', value: { node: 'fs1', cmd: 'status' } }).value).to.deep.equal({ node: 'fs1', cmd: 'status' });
      expect(parse({ id: 'b', command: 'bgapi', value: { node: 'fs1', cmd: 'originate user/1000 &park()' } }).command).to.equal('bgapi');
    });

    it('reads startCapturingTraffic with every field, and with no value at all', () => {
      expect(
        parse({
          id: 's',
          command: 'startCapturingTraffic',
          value: { node: 'fs1', maxEntries: 500, maxDurationMs: 60_000, directions: ['in'], eventNames: ['HEARTBEAT'] },
        }).value,
      ).to.deep.equal({ node: 'fs1', maxEntries: 500, maxDurationMs: 60_000, directions: ['in'], eventNames: [{ name: 'HEARTBEAT' }] });
      expect(parse({ id: 's', command: 'startCapturingTraffic' }).value).to.deep.equal({});
    });

    it('reads stopCapturingTraffic, getRecordedTraffic and getNodes', () => {
      expect(parse({ id: 1, command: 'stopCapturingTraffic', value: { captureId: CAPTURE_ID } }).value).to.deep.equal({ captureId: CAPTURE_ID });
      expect(parse({ id: 1, command: 'getRecordedTraffic', value: { captureId: CAPTURE_ID, after: 10, limit: 5 } }).value).to.deep.equal({
        captureId: CAPTURE_ID,
        after: 10,
        limit: 5,
      });
      expect(parse({ id: 1, command: 'getNodes' }).value).to.deep.equal({});
    });
  });

  describe('a malformed message', () => {
    it('rejects text that is not JSON', () => {
      expect(failure('{"id": ')).to.include({ code: 'invalid-json' });
    });

    it('rejects JSON that is not an object', () => {
      expect(failure('[1,2]')).to.include({ code: 'invalid-message' });
      expect(failure('"subscribe"')).to.include({ code: 'invalid-message' });
    });

    it('rejects a missing or unusable id', () => {
      expect(failure({ command: 'getNodes' }).code).to.equal('invalid-message');
      expect(failure({ id: '', command: 'getNodes' }).code).to.equal('invalid-message');
      expect(failure({ id: 1.5, command: 'getNodes' }).code).to.equal('invalid-message');
      expect(failure({ id: 'x'.repeat(129), command: 'getNodes' }).code).to.equal('invalid-message');
    });

    it('rejects a missing or unknown command', () => {
      expect(failure({ id: 'c1', value: {} })).to.include({ code: 'invalid-message' });
      expect(failure({ id: 'c1', command: 'reboot' })).to.include({ code: 'unknown-command' });
    });

    it('rejects a field beside id, command and value', () => {
      expect(failure({ id: 'c1', command: 'getNodes', extra: 1 })).to.include({ code: 'validation-failed', field: 'extra' });
    });
  });

  describe('a bad value', () => {
    const cases: Array<[string, unknown, string]> = [
      ['a value that is not an object', { id: 1, command: 'subscribe', value: ['ALL'] }, 'value'],
      ['subscribe without events', { id: 1, command: 'subscribe', value: {} }, 'value.events'],
      ['events that are not an array', { id: 1, command: 'subscribe', value: { events: 'ALL' } }, 'value.events'],
      ['an empty events list', { id: 1, command: 'subscribe', value: { events: [] } }, 'value.events'],
      ['an event name that is not one', { id: 1, command: 'subscribe', value: { events: ['ALL', 'channel answer'] } }, 'value.events[1]'],
      ['an event name that is not a string', { id: 1, command: 'subscribe', value: { events: [7] } }, 'value.events[0]'],
      ['an unknown field in a value', { id: 1, command: 'subscribe', value: { events: ['ALL'], nodes: ['fs1'] } }, 'value.nodes'],
      ['a node that is not a string', { id: 1, command: 'subscribe', value: { events: ['ALL'], node: 1 } }, 'value.node'],
      ['api without a node', { id: 1, command: 'api', value: { cmd: 'status' } }, 'value.node'],
      ['api without cmd', { id: 1, command: 'api', value: { node: 'fs1' } }, 'value.cmd'],
      ['a cmd with a newline', { id: 1, command: 'bgapi', value: { node: 'fs1', cmd: 'status\n\nevent plain ALL' } }, 'value.cmd'],
      ['maxEntries above the cap', { id: 1, command: 'startCapturingTraffic', value: { maxEntries: 100_001 } }, 'value.maxEntries'],
      ['maxEntries that is not an integer', { id: 1, command: 'startCapturingTraffic', value: { maxEntries: '10' } }, 'value.maxEntries'],
      ['maxDurationMs above an hour', { id: 1, command: 'startCapturingTraffic', value: { maxDurationMs: 3_600_001 } }, 'value.maxDurationMs'],
      ['a direction that is not in or out', { id: 1, command: 'startCapturingTraffic', value: { directions: ['up'] } }, 'value.directions[0]'],
      ['an eventNames entry that is not one', { id: 1, command: 'startCapturingTraffic', value: { eventNames: ['CUSTOM::'] } }, 'value.eventNames[0]'],
      ['a captureId that is not a UUID', { id: 1, command: 'stopCapturingTraffic', value: { captureId: 'abc' } }, 'value.captureId'],
      ['a negative after', { id: 1, command: 'getRecordedTraffic', value: { captureId: CAPTURE_ID, after: -1 } }, 'value.after'],
      ['a limit of zero', { id: 1, command: 'getRecordedTraffic', value: { captureId: CAPTURE_ID, limit: 0 } }, 'value.limit'],
      ['a value for getNodes', { id: 1, command: 'getNodes', value: { node: 'fs1' } }, 'value.node'],
    ];
    for (const [what, message, field] of cases) {
      it(`rejects ${what}, naming ${field}`, () => {
        const error = failure(message);
        expect(error).to.include({ code: 'validation-failed', field });
        expect(error.message).to.contain(field);
      });
    }
  });

  describe('messageId', () => {
    it('finds the id of a message that failed, or null', () => {
      expect(messageId('{"id":"c9","command":"reboot"}')).to.equal('c9');
      expect(messageId('{"command":"reboot"}')).to.equal(null);
      expect(messageId('not json')).to.equal(null);
    });
  });
});
