export { EslStandIn, type EslStandInOptions } from './stand-in.ts';
export type { ApiHandler } from './esl-switch.ts';
export type { OutboundCall, DialOptions } from './outbound-call.ts';
export {
  loadFixture,
  fixtureFrameBytes,
  FIXTURE_NAMES,
  type FixtureName,
  type RecordedTrafficEntry,
} from './fixtures.ts';
export { EslStandInError, type EslStandInErrorCode } from './errors.ts';
