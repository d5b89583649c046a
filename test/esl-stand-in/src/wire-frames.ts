import { encodeFrame, encodePlainEvent, type EslHeaders } from '@sapien/esl-protocol';

/** The frames mod_event_socket writes itself (not events), byte for byte as it writes them. */

export const GOODBYE = 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';

export const authRequest = (): Buffer => encodeFrame([['Content-Type', 'auth/request']]);

export const commandReply = (replyText: string): Buffer =>
  encodeFrame([
    ['Content-Type', 'command/reply'],
    ['Reply-Text', replyText],
  ]);

export const bgapiReply = (jobUuid: string): Buffer =>
  encodeFrame([
    ['Content-Type', 'command/reply'],
    ['Reply-Text', `+OK Job-UUID: ${jobUuid}`],
    ['Job-UUID', jobUuid],
  ]);

export const apiResponse = (body: string): Buffer =>
  encodeFrame(
    [
      ['Content-Type', 'api/response'],
      ['Content-Length', ''],
    ],
    body,
  );

/** Sent before FreeSWITCH closes a socket; an outbound one names its channel. */
export const disconnectNotice = (sessionUuid?: string): Buffer =>
  encodeFrame(
    sessionUuid === undefined
      ? [
          ['Content-Type', 'text/disconnect-notice'],
          ['Content-Length', ''],
        ]
      : [
          ['Content-Type', 'text/disconnect-notice'],
          ['Controlled-Session-UUID', sessionUuid],
          ['Content-Disposition', 'disconnect'],
          ['Content-Length', ''],
        ],
    GOODBYE,
  );

/** Sent when a lingering outbound socket's channel hangs up; `Linger-Time` is -1 for "until closed". */
export const lingerNotice = (sessionUuid: string, channelName: string, lingerSeconds: number): Buffer =>
  encodeFrame([
    ['Content-Type', 'text/disconnect-notice'],
    ['Controlled-Session-UUID', sessionUuid],
    ['Content-Disposition', 'linger'],
    ['Channel-Name', channelName],
    ['Linger-Time', String(lingerSeconds)],
    ['Content-Length', ''],
  ]);

/**
 * The outbound `connect` reply: the channel data serialised as a plain event (every value
 * percent-encoded, so the Reply-Text is `%2BOK%0A`), the reply headers last, no body.
 */
export const connectReply = (channelData: EslHeaders, control: Readonly<{ full: boolean; async: boolean }>): Buffer =>
  encodePlainEvent({
    headers: {
      ...channelData,
      'Content-Type': 'command/reply',
      'Reply-Text': '+OK\n',
      'Socket-Mode': control.async ? 'async' : 'static',
      Control: control.full ? 'full' : 'single-channel',
    },
  });
