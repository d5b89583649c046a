import { uniqueName } from '@sapien/testing';
import type { BusMessage, ReceivedMessage } from '@sapien/message-bus';
import { connect } from 'nats';

/** A stream name and subject prefix of one test, so tests never meet on the shared server. */
export const uniqueStream = (): Readonly<{ stream: string; prefix: string; subjects: string[] }> => {
  const stream = uniqueName('sapien_test').toUpperCase();
  const prefix = stream.toLowerCase();
  return { stream, prefix, subjects: [`${prefix}.>`] };
};

export const messageOn = (prefix: string, id: string, kind = 'OrgCreated'): BusMessage => ({
  subject: `${prefix}.1.org.${kind}`,
  id,
  payload: new TextEncoder().encode(JSON.stringify({ id })),
});

export const deleteStream = async (servers: string, stream: string): Promise<void> => {
  const nc = await connect({ servers });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => undefined);
  } finally {
    await nc.close();
  }
};

/** Reads `count` messages from a subscription, then leaves it. */
export const take = async (iterable: AsyncIterable<ReceivedMessage>, count: number): Promise<ReceivedMessage[]> => {
  const taken: ReceivedMessage[] = [];
  for await (const received of iterable) {
    taken.push(received);
    if (taken.length === count) break;
  }
  return taken;
};
