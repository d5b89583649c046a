import { isUtf8 } from 'node:buffer';
import { frameHeaders, type RawFrame } from '@sapien/esl-protocol';
import type { WireFrame } from '../hub.ts';

/** A frame from FreeSWITCH as captured: header values as sent, a body that is not UTF-8 in base64. */
export function inboundWireFrame(frame: RawFrame, node: string, at: string): WireFrame {
  const base = { at, node, direction: 'in' as const, headers: frameHeaders(frame) };
  const withType = frame.contentType === undefined ? base : { ...base, contentType: frame.contentType };
  if (frame.body === undefined) return withType;
  return isUtf8(frame.body)
    ? { ...withType, body: frame.body.toString('utf8') }
    : { ...withType, body: frame.body.toString('base64'), bodyEncoding: 'base64' };
}

/** A command Sapien sent, the password of `auth` masked: captures go to WebSocket clients. */
export function outboundWireFrame(command: string, node: string, at: string): WireFrame {
  const body = command.startsWith('auth ') ? 'auth ***\n\n' : command;
  return { at, node, direction: 'out', headers: {}, body };
}
