import { WebSocket } from 'ws';
import type { ServerMessage } from './messages.ts';
import { Subscriptions } from './subscriptions.ts';

/** 1013 "Try Again Later": the client could not keep up with what it subscribed to. */
export const CLOSE_TRY_AGAIN_LATER = 1013;

export type SendLimits = Readonly<{
  /** Bytes the client may have queued (ws.bufferedAmount: the socket's buffer and ws's own queue). */
  maxBufferedBytes: number;
}>;

/** One authenticated WebSocket client: its principal, subscriptions and bounded send. */
export class ClientConnection<P> {
  readonly subscriptions = new Subscriptions();
  /** Commands waiting on FreeSWITCH (api, bgapi). */
  inFlight = 0;
  /** Cleared on each ping, set by the pong; a peer still unset at the next ping is dead. */
  alive = true;
  private slow = false;

  constructor(
    readonly socket: WebSocket,
    readonly principal: P,
    private readonly limits: SendLimits,
    private readonly onSent: () => void,
    private readonly onSlow: (client: ClientConnection<P>) => void,
  ) {}

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN && !this.slow;
  }

  /**
   * Sends without waiting: if the message would take the client's queue past its limit, the
   * client is closed with 1013 instead, so a reader that stalls costs at most that much memory
   * and never holds up anyone else. Returns whether the message was queued.
   */
  sendData(data: Buffer): boolean {
    if (!this.open) return false;
    if (this.socket.bufferedAmount + data.length > this.limits.maxBufferedBytes) {
      this.slow = true;
      this.socket.close(CLOSE_TRY_AGAIN_LATER, 'too slow: try again later');
      this.onSlow(this);
      return false;
    }
    this.socket.send(data, { binary: false });
    this.onSent();
    return true;
  }

  send(message: ServerMessage): boolean {
    return this.sendData(Buffer.from(JSON.stringify(message)));
  }
}
