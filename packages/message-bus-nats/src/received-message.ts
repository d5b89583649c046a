import type { ReceivedMessage } from '@sapien/message-bus';
import type { JsMsg } from 'nats';

const MESSAGE_ID_HEADER = 'Nats-Msg-Id';
const noAck = (): void => {}; // ordered consumers do not take acks

export const receivedMessageOf = (message: JsMsg): ReceivedMessage => {
  const headers: Record<string, string> = {};
  for (const key of message.headers?.keys() ?? []) headers[key] = message.headers?.get(key) ?? '';
  return {
    subject: message.subject,
    id: headers[MESSAGE_ID_HEADER] || undefined,
    payload: message.data,
    headers,
    sequence: message.seq,
    ack: noAck,
  };
};
