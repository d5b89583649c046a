import type { TrafficCapture } from '../capture/index.ts';
import type { EslHub } from '../hub.ts';
import type { ClientConnection } from './client-connection.ts';
import { WebSocketMessageError, wireError, type WireError } from './errors.ts';
import type { Command, CommandId, CommandMessage } from './messages.ts';

export type CommandContext = Readonly<{
  hub: EslHub;
  capture: TrafficCapture;
  /** api and bgapi commands one client may have waiting on FreeSWITCH at once. */
  maxInFlight: number;
  /** Logs an error whose detail the client is not told. */
  logInternal: (error: unknown, command: Command['command']) => void;
}>;

/** A command's result, and what to do once the response is on its way (bgapi's later push). */
export type Outcome = Readonly<{ result: unknown; afterResponse?: () => void }>;

/** Runs one validated command for a client. Throws what the client is to be told. */
export async function runCommand<P>(context: CommandContext, client: ClientConnection<P>, message: CommandMessage): Promise<Outcome> {
  const { hub, capture } = context;
  switch (message.command) {
    case 'subscribe':
      client.subscriptions.add(message.value.events, message.value.node);
      return { result: { subscriptions: client.subscriptions.list() } };
    case 'unsubscribe':
      client.subscriptions.remove(message.value.events, message.value.node);
      return { result: { subscriptions: client.subscriptions.list() } };
    case 'api':
      return inFlight(context, client, async () => ({ result: { output: await hub.api(message.value.node, message.value.cmd) } }));
    case 'bgapi':
      return inFlight(context, client, async () => {
        const job = await hub.bgapi(message.value.node, message.value.cmd);
        return { result: { jobUuid: job.jobUuid }, afterResponse: () => pushJobResult(context, client, message.id, job.jobUuid, job.result) };
      });
    case 'startCapturingTraffic':
      return { result: capture.start(message.value) };
    case 'stopCapturingTraffic':
      return { result: capture.stop(message.value.captureId) };
    case 'getRecordedTraffic':
      return { result: capture.page(message.value.captureId, message.value.after, message.value.limit) };
    case 'getNodes':
      return { result: { nodes: hub.nodes() } };
    default: {
      const unknownCommand: never = message;
      throw new WebSocketMessageError('unknown-command', `unknown command ${String(unknownCommand)}`);
    }
  }
}

async function inFlight<P>(context: CommandContext, client: ClientConnection<P>, run: () => Promise<Outcome>): Promise<Outcome> {
  if (client.inFlight >= context.maxInFlight) {
    throw new WebSocketMessageError('too-many-requests', `at most ${context.maxInFlight} api/bgapi commands may wait at once`);
  }
  client.inFlight += 1;
  try {
    return await run();
  } finally {
    client.inFlight -= 1;
  }
}

/** `{ type: "background_job", id, jobUuid, result }` once FreeSWITCH's BACKGROUND_JOB arrives (or the error). */
function pushJobResult<P>(context: CommandContext, client: ClientConnection<P>, id: CommandId, jobUuid: string, result: Promise<string>): void {
  result.then(
    (output) => client.send({ type: 'background_job', id, jobUuid, result: output }),
    (error: unknown) => {
      const wire: WireError = wireError(error);
      if (wire.code === 'internal-error') context.logInternal(error, 'bgapi');
      client.send({ type: 'background_job', id, jobUuid, error: wire });
    },
  );
}
