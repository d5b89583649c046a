import type { NodeStatus } from '../hub.ts';

/** The status of one call FreeSWITCH's `socket` application handed over; a NodeStatus with the call. */
export type OutboundCallStatus = NodeStatus &
  Readonly<{
    mode: 'outbound';
    /** The channel's Unique-ID, once the channel data arrived. */
    callUuid?: string;
    /** The channel hung up (the linger disconnect notice); its last events may still come. */
    hungUp?: boolean;
  }>;
