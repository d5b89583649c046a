import { expect } from 'chai';
import { ErrorCode, NatsError } from 'nats';
import { isTransientPublishError } from './nats-errors.ts';

describe('isTransientPublishError', () => {
  it('retries what a broker restart or a network cut causes', () => {
    for (const code of [ErrorCode.Timeout, ErrorCode.NoResponders, ErrorCode.Disconnect, ErrorCode.ConnectionRefused]) {
      expect(isTransientPublishError(NatsError.errorForCode(code)), code).to.equal(true);
    }
  });

  it('does not retry errors that a retry cannot cure', () => {
    expect(isTransientPublishError(NatsError.errorForCode(ErrorCode.MaxPayloadExceeded))).to.equal(false);
    expect(isTransientPublishError(NatsError.errorForCode(ErrorCode.PermissionsViolation))).to.equal(false);
    expect(isTransientPublishError(new Error('timeout'))).to.equal(false);
  });
});
