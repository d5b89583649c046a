import type { SapienConfig } from '@sapien/config';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { createAdminClient, firstTokenHint } from '@sapien/oauth';
import { issuerOf } from '../api-composition.ts';
import { UsageError } from '../usage.ts';

/** Reads `--name value` (or `--name=value`) from the arguments. */
const option = (args: readonly string[], name: string): string | undefined => {
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
};

/** `sapien clients create --admin --name ops`: a platform-admin client; its secret is printed once. */
export const clientsCreate = async (config: SapienConfig, args: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<void> => {
  if (!args.includes('--admin')) throw new UsageError('clients create makes platform-admin clients: pass --admin (org clients are registered through POST /v1/orgs/{orgId}/clients)');
  const name = option(args, 'name');
  if (!name) throw new UsageError('name the client: clients create --admin --name <name>');
  const eventStore = await openSqlEventStore(config.eventStoreUrl);
  try {
    const client = await createAdminClient({ eventStore, clock: new SystemClock() }, { name });
    out.write(
      [
        `client_id:     ${client.clientId}`,
        `client_secret: ${client.clientSecret}`,
        '',
        'The secret is shown only now; Sapien keeps only a hash of it. Get a token:',
        firstTokenHint(issuerOf(config), client.clientId),
        '',
      ].join('\n'),
    );
  } finally {
    await eventStore.close();
  }
};
