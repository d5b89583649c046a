/** Counters per FreeSWITCH node; gaps and reorders are hints, not alarms (filtered events leave gaps). */
export type NodeMetrics = Readonly<{
  events: number;
  /** Event-Sequence jumped forward by more than one. */
  gaps: number;
  /** Event-Sequence went backwards or repeated. */
  reorders: number;
  reconnects: number;
  /** `auth` answered with -ERR: a wrong password, retried with back-off. */
  authFailures: number;
  /** Byte streams that broke the ESL grammar (each closed the connection). */
  frameErrors: number;
  /** Well-framed events whose body did not decode (dropped, the connection kept). */
  badEvents: number;
  coreUuidChanges: number;
}>;

export type MutableNodeMetrics = { -readonly [K in keyof NodeMetrics]: number };

export const emptyMetrics = (): MutableNodeMetrics => ({
  events: 0,
  gaps: 0,
  reorders: 0,
  reconnects: 0,
  authFailures: 0,
  frameErrors: 0,
  badEvents: 0,
  coreUuidChanges: 0,
});

export const addMetrics = (into: MutableNodeMetrics, from: NodeMetrics): void => {
  for (const key of Object.keys(into) as (keyof NodeMetrics)[]) into[key] += from[key];
};
