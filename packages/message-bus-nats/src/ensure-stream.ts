import { StorageType } from 'nats';
import type { JetStreamManager, StreamConfig, StreamInfo, StreamUpdateConfig } from 'nats';
import { isApiError } from './nats-errors.ts';

/** What a stream must offer; anything not given takes JetStream's defaults (and file storage). */
export type StreamSpec = Partial<StreamConfig> & Readonly<{ name: string; subjects: string[] }>;

export type EnsuredStream = Readonly<{ info: StreamInfo; created: boolean; updated: boolean }>;

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

const findStream = async (jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> => {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isApiError(error, STREAM_NOT_FOUND)) return undefined;
    throw error;
  }
};

/**
 * The only changes made to a stream that exists: subjects it lacks are added and a shorter
 * duplicate window is lengthened. Limits, storage and retention stay as an operator set them.
 */
const additiveUpdate = (current: StreamConfig, wanted: StreamSpec): Partial<StreamUpdateConfig> | undefined => {
  const subjects = current.subjects ?? [];
  const missing = wanted.subjects.filter((subject) => !subjects.includes(subject));
  const longerWindow = wanted.duplicate_window !== undefined && wanted.duplicate_window > current.duplicate_window;
  if (missing.length === 0 && !longerWindow) return undefined;
  return {
    subjects: [...subjects, ...missing],
    ...(longerWindow ? { duplicate_window: wanted.duplicate_window } : {}),
  };
};

/**
 * Creates the stream when it is missing (file storage unless told otherwise) and otherwise leaves
 * it as it is but for additive changes. Safe when several processes start at once.
 */
export const ensureStream = async (jsm: JetStreamManager, spec: StreamSpec): Promise<EnsuredStream> => {
  let existing = await findStream(jsm, spec.name);
  if (existing === undefined) {
    try {
      return { info: await jsm.streams.add({ storage: StorageType.File, ...spec }), created: true, updated: false };
    } catch (error) {
      if (!isApiError(error, STREAM_NAME_IN_USE)) throw error;
      existing = await jsm.streams.info(spec.name); // another process created it meanwhile
    }
  }
  const update = additiveUpdate(existing.config, spec);
  if (update === undefined) return { info: existing, created: false, updated: false };
  return { info: await jsm.streams.update(spec.name, update), created: false, updated: true };
};
