import type { EventStore } from '@sapien/event-store';
import type { ApiRateLimit, ChangeOrgApiRateLimit, RenameOrganisation } from '@sapien/organisations';
import { organisationDecider, orgStreamId } from '@sapien/organisations';
import { inject, injectable } from 'inversify';
import { metadataFor, type CommandContext } from '../commands/command-context.ts';
import { createOrganisation, type CreateOrganisationInput, type OrganisationCreatedResult } from '../commands/create-organisation.ts';
import { handleCommand } from '@sapien/event-store';
import { TOKENS } from '../tokens.ts';

/** What a command answers: the position to wait for, and whether anything changed. */
export type CommandOutcome = Readonly<{ position: number; changed: boolean }>;

/** The organisation commands, each a load → decide → append over the org's stream. */
@injectable()
export class OrganisationCommands {
  constructor(@inject(TOKENS.EventStore) private readonly eventStore: EventStore) {}

  create(input: CreateOrganisationInput, context: CommandContext): Promise<OrganisationCreatedResult> {
    return createOrganisation(this.eventStore, input, context);
  }

  async rename(orgId: number, name: string, context: CommandContext): Promise<CommandOutcome> {
    const command: RenameOrganisation = { type: 'RenameOrganisation', data: { orgId, name }, metadata: { now: context.now } };
    const result = await handleCommand(this.eventStore, orgStreamId(orgId), organisationDecider, command, metadataFor(context, orgId));
    return { position: result.position, changed: result.events.length > 0 };
  }

  async changeApiRateLimit(orgId: number, limit: ApiRateLimit, context: CommandContext): Promise<CommandOutcome> {
    const command: ChangeOrgApiRateLimit = {
      type: 'ChangeOrgApiRateLimit',
      data: { orgId, limit: limit.limit, windowSeconds: limit.windowSeconds },
      metadata: { now: context.now },
    };
    const result = await handleCommand(this.eventStore, orgStreamId(orgId), organisationDecider, command, metadataFor(context, orgId));
    return { position: result.position, changed: result.events.length > 0 };
  }
}
