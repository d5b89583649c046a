import type { CaptureRequest, EventSelector } from '../capture/index.ts';
import type { PublishedEslEvent } from '../hub.ts';
import type { WireError } from './errors.ts';

/** A client's `id`, echoed in the response: a string or an integer. */
export type CommandId = string | number;

export const COMMAND_NAMES = [
  'subscribe',
  'unsubscribe',
  'api',
  'bgapi',
  'startCapturingTraffic',
  'stopCapturingTraffic',
  'getRecordedTraffic',
  'getNodes',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export type SubscriptionValue = Readonly<{ events: readonly EventSelector[]; node?: string }>;
export type ApiValue = Readonly<{ node: string; cmd: string }>;
export type CaptureIdValue = Readonly<{ captureId: string }>;
export type GetRecordedTrafficValue = Readonly<{ captureId: string; after?: number; limit?: number }>;

/** A CommandMessage once validated: the command and its typed value. */
export type Command =
  | Readonly<{ command: 'subscribe' | 'unsubscribe'; value: SubscriptionValue }>
  | Readonly<{ command: 'api' | 'bgapi'; value: ApiValue }>
  | Readonly<{ command: 'startCapturingTraffic'; value: CaptureRequest }>
  | Readonly<{ command: 'stopCapturingTraffic'; value: CaptureIdValue }>
  | Readonly<{ command: 'getRecordedTraffic'; value: GetRecordedTrafficValue }>
  | Readonly<{ command: 'getNodes'; value: Readonly<Record<string, never>> }>;

export type CommandMessage = Readonly<{ id: CommandId }> & Command;

/** What the server sends. */
export type ServerMessage =
  | Readonly<{ type: 'response'; id: CommandId; ok: true; result: unknown }>
  | Readonly<{ type: 'response'; id: CommandId | null; ok: false; error: WireError }>
  | Readonly<{ type: 'event'; event: PublishedEslEvent }>
  | Readonly<{ type: 'background_job'; id: CommandId; jobUuid: string; result: string }>
  | Readonly<{ type: 'background_job'; id: CommandId; jobUuid: string; error: WireError }>;
