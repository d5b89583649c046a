import type { EventStore } from '@sapien/event-store';
import { ConflictError } from '@sapien/kernel';
import type { ApiRateLimit, CreateOrganisation, ReserveOrgId } from '@sapien/organisations';
import {
  ORG_REGISTRY_STREAM,
  organisationDecider,
  orgRegistryDecider,
  orgStreamId,
  validateOrgId,
  validateOrgName,
  validateRateLimit,
} from '@sapien/organisations';
import { metadataFor, type CommandContext } from './command-context.ts';
import { handleCommand } from '@sapien/event-store';

export type CreateOrganisationInput = Readonly<{ orgId?: number; name: string; apiRateLimit?: ApiRateLimit }>;

export type OrganisationCreatedResult = Readonly<{ orgId: number; position: number }>;

/** Rounds of reserve-then-create before giving up on an assigned id (each round loses only to another writer). */
const MAX_ROUNDS = 5;

const isTaken = (error: unknown): boolean => error instanceof ConflictError && error.code === 'organisation-exists';

/**
 * Creates an organisation in two appends: the id is reserved in `org-registry` (so two creations
 * never get the same assigned id), then `OrganisationCreated` goes to `org-<id>` expecting no stream.
 */
export const createOrganisation = async (
  eventStore: EventStore,
  input: CreateOrganisationInput,
  context: CommandContext,
): Promise<OrganisationCreatedResult> => {
  // Validate before reserving, so a bad request does not use up an id.
  const given = input.orgId === undefined ? undefined : validateOrgId(input.orgId);
  validateOrgName(input.name);
  if (input.apiRateLimit) validateRateLimit(input.apiRateLimit.limit, input.apiRateLimit.windowSeconds, 'apiRateLimit.');

  for (let round = 1; ; round++) {
    const orgId = await reserveOrgId(eventStore, given, context);
    const command: CreateOrganisation = {
      type: 'CreateOrganisation',
      data: { orgId, name: input.name, ...(input.apiRateLimit ? { apiRateLimit: input.apiRateLimit } : {}) },
      metadata: { now: context.now },
    };
    try {
      const result = await handleCommand(eventStore, orgStreamId(orgId), organisationDecider, command, metadataFor(context, orgId));
      return { orgId, position: result.position };
    } catch (error) {
      // An assigned id can only be lost to a caller who gave that same id explicitly: take the next one.
      if (given !== undefined || !isTaken(error) || round >= MAX_ROUNDS) throw error;
    }
  }
};

/**
 * Reserves the given id, or assigns the next one. A given id whose reservation exists but whose org
 * stream does not was left by a creation that stopped between its two appends: it is taken over,
 * and the org stream's `no_stream` expectation still lets only one creation win.
 */
const reserveOrgId = async (eventStore: EventStore, given: number | undefined, context: CommandContext): Promise<number> => {
  const command: ReserveOrgId = { type: 'ReserveOrgId', data: given === undefined ? {} : { orgId: given }, metadata: { now: context.now } };
  try {
    const result = await handleCommand(eventStore, ORG_REGISTRY_STREAM, orgRegistryDecider, command, metadataFor(context, 0), {
      maxAttempts: 10,
    });
    const reserved = result.events[0];
    if (!reserved) throw new Error('the registry reserved no id');
    return reserved.data.orgId;
  } catch (error) {
    if (given !== undefined && isTaken(error) && (await eventStore.streamRevision(orgStreamId(given))) === 'no_stream') return given;
    throw error;
  }
};
