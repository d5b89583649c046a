/** Bounds of a capture (PRODUCT.md §6): what a client may ask for, and what it gets when it does not. */
export const CAPTURE_LIMITS = {
  defaultMaxEntries: 10_000,
  maxEntries: 100_000,
  defaultMaxDurationMs: 5 * 60_000,
  maxDurationMs: 60 * 60_000,
  defaultPageLimit: 1_000,
  maxPageLimit: 10_000,
  /** Captures kept in memory, running or finished; the oldest finished one is dropped first. */
  defaultMaxCaptures: 8,
  /** A page stops growing at this many bytes of JSON (with at least one entry), so one reply stays sendable. */
  defaultMaxPageBytes: 4 * 1024 * 1024,
} as const;
