import type { Actor, EventMetadata, Instant } from '@sapien/kernel';

/** Who asked, under which correlation, and when: what every command carries from the edge. */
export type CommandContext = Readonly<{ correlationId: string; actor: Actor; now: Instant }>;

/** Event metadata for a command's events in one org (0 for platform events such as id reservations). */
export const metadataFor = (context: CommandContext, orgId: number): EventMetadata => ({
  orgId,
  correlationId: context.correlationId,
  causationId: context.correlationId,
  actor: context.actor,
});
