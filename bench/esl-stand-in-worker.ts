import { parentPort } from 'node:worker_threads';
import { EslStandIn } from '@sapien/esl-stand-in';

/**
 * The ESL stand-in on a thread of its own, as FreeSWITCH is another machine: its encoding and
 * writing do not take the listener's thread. Messages: `{ type: 'emit', rate, count }` → `emitted`.
 */
export type StandInRequest = Readonly<{ type: 'emit'; rate: number; count: number }> | Readonly<{ type: 'close' }>;
export type StandInReply = Readonly<{ type: 'ready'; url: string; coreUuid: string }> | Readonly<{ type: 'emitted' }> | Readonly<{ type: 'failed'; message: string }>;

const port = parentPort;
if (port === null) throw new Error('esl-stand-in-worker runs as a worker thread');
const standIn = await EslStandIn.start({ hostname: 'fs-bench' });
const reply = (message: StandInReply): void => port.postMessage(message);
reply({ type: 'ready', url: standIn.url('fs-bench'), coreUuid: standIn.coreUuid });
port.on('message', (request: StandInRequest) => {
  if (request.type === 'close') {
    void standIn.close().then(() => port.close());
    return;
  }
  standIn
    .emitAtRate(request.rate, request.count)
    .then(
      () => reply({ type: 'emitted' }),
      (error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
});
