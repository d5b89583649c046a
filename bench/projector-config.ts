/** What the lag benchmark's projector process needs, passed as JSON in SAPIEN_BENCH_PROJECTOR. */
export type ProjectorConfig = Readonly<{ eventStoreUrl: string; readModelUrl: string; natsUrl: string; stream: string; prefix: string }>;

const FIELDS = ['eventStoreUrl', 'readModelUrl', 'natsUrl', 'stream', 'prefix'] as const;

export const parseProjectorConfig = (json: string | undefined): ProjectorConfig => {
  const value: unknown = JSON.parse(json ?? 'null');
  if (typeof value !== 'object' || value === null) throw new Error('SAPIEN_BENCH_PROJECTOR is not a JSON object');
  const config: Record<string, string> = {};
  for (const field of FIELDS) {
    const text: unknown = (value as Record<string, unknown>)[field];
    if (typeof text !== 'string') throw new Error(`SAPIEN_BENCH_PROJECTOR.${field} must be a string`);
    config[field] = text;
  }
  return config as ProjectorConfig;
};
