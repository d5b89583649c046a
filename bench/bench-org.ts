import { createOrganisation } from '@sapien/api';
import { newId } from '@sapien/kernel';
import { MAX_RATE_LIMIT } from '@sapien/organisations';
import { ProjectionRunner } from '@sapien/projection-runtime';
import { orgsProjection } from '@sapien/projections';
import type { ApiStores } from './api-fixture.ts';

const CATCH_UP_LIMIT_MS = 30_000;

/** As high as an org's limit goes: a benchmark round never comes near it, so nothing is refused. */
export const UNREACHABLE_RATE_LIMIT = { limit: MAX_RATE_LIMIT, windowSeconds: 60 } as const;

/**
 * Creates the org the authenticated requests read, with a rate limit they never reach, and
 * projects it into Org.Orgs; the runner stops again, so no projector runs while requests are timed.
 */
export const createBenchOrg = async (stores: ApiStores, orgId: number): Promise<void> => {
  const { position } = await createOrganisation(
    stores.eventStore,
    { orgId, name: 'Bench', apiRateLimit: UNREACHABLE_RATE_LIMIT },
    { correlationId: newId(), actor: { kind: 'system', id: 'bench' }, now: stores.clock.now() },
  );
  const runner = new ProjectionRunner({ eventStore: stores.eventStore, store: stores.readModels, projections: [orgsProjection] });
  await runner.start();
  try {
    if (!(await runner.waitForPosition(position, CATCH_UP_LIMIT_MS))) throw new Error(`org ${orgId} was not projected within ${CATCH_UP_LIMIT_MS} ms`);
  } finally {
    await runner.stop();
  }
};
