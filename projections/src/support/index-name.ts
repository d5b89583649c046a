import { splitTableName } from '@sapien/read-model-sql';

/** An index name derived from the physical table (PostgreSQL index names are unique per schema). */
export const indexName = (physicalTable: string, suffix: string): string => `${splitTableName(physicalTable).table}_${suffix}`;
