import { setFlagsFromString } from 'node:v8';

/**
 * The V8 heap policy of Sapien's service processes, applied once at start-up: memory outside the
 * JavaScript heap (Buffers: socket reads, event payloads, what the NATS client writes) counts
 * toward V8's global limit, not against the old generation's free space.
 *
 * By default V8 subtracts the external memory allocated since the last full collection from the
 * old generation's free space, and schedules a full collection once that space is down to the
 * young generation's capacity. A service with a small live heap (the ESL listener: about 15 MB)
 * whose young generation has grown to 64 MB crosses that line after a few MB of Buffers: 5–6 full
 * collections a second, at any event rate. Counted in the global limit instead, external memory
 * still bounds the heap, by its own growth. Measured in `npm run bench` (ESL cases): the
 * listener's full collections per 25,000-event latency round went from about 30 to 5.
 *
 * V8 reads the flag at every limit check, so setting it at run time takes effect; it must come
 * before the heap has grown, that is, first thing in the process.
 */
export function applyServiceHeapPolicy(): void {
  setFlagsFromString('--external-memory-accounted-in-global-limit');
}
