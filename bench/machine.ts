import { cpus, hostname, loadavg, platform, release, totalmem } from 'node:os';
import knex from 'knex';
import { connect } from 'nats';
import { NATS_URL, POSTGRES_URL } from '@sapien/testing';

export type MachineInfo = Readonly<{
  /** The first label of the host name, for the report's file name. */
  shortName: string;
  os: string;
  cpu: string;
  memory: string;
  node: string;
  postgres: string;
  natsServer: string;
  /** Load averages when the run started: other work on the machine skews every number. */
  load: string;
}>;

/** The 1-, 5- and 15-minute load averages now. */
export const currentLoad = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

const unreachable = (error: unknown): string => `unknown (${error instanceof Error ? error.message : String(error)})`;

const postgresVersion = async (): Promise<string> => {
  const db = knex({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
  try {
    const result = (await db.raw('select version() as version')) as { rows: { version: string }[] };
    return result.rows[0]?.version ?? 'unknown';
  } catch (error) {
    return unreachable(error);
  } finally {
    await db.destroy();
  }
};

const natsServerVersion = async (): Promise<string> => {
  try {
    const nc = await connect({ servers: NATS_URL, reconnect: false, timeout: 2_000 });
    const version = nc.info?.version ?? 'unknown';
    await nc.close();
    return version;
  } catch (error) {
    return unreachable(error);
  }
};

export const machineInfo = async (): Promise<MachineInfo> => {
  const cores = cpus();
  const models = [...new Set(cores.map((core) => core.model.trim()))].join(', ');
  const shortName = (hostname().split('.')[0] ?? '').replace(/[^A-Za-z0-9_-]/gu, '') || 'machine';
  return {
    shortName,
    os: `${platform()} ${release()}`,
    cpu: `${models}, ${cores.length} cores`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    postgres: await postgresVersion(),
    natsServer: await natsServerVersion(),
    load: currentLoad(),
  };
};
