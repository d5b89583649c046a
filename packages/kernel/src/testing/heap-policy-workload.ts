// A Buffer-heavy workload with a small live heap, run by heap-policy.unit.spec.ts in child
// processes: prints how many full collections it took, with the service heap policy applied at
// run time ('policy') or V8's default ('default').
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { applyServiceHeapPolicy } from '../heap-policy.ts';

if (process.argv[2] === 'policy') applyServiceHeapPolicy();
let fullCollections = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullCollections += 1;
}).observe({ entryTypes: ['gc'] });

// 120,000 payloads of 7 KB (840 MB in all), the last 1,000 kept, as events in flight are.
const inFlight: Array<{ payload: Buffer; sequence: number }> = new Array(1000);
for (let sequence = 0; sequence < 120_000; sequence++) {
  inFlight[sequence % inFlight.length] = { payload: Buffer.alloc(7000), sequence };
  if (sequence % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await new Promise((resolve) => setTimeout(resolve, 50));
process.stdout.write(`${JSON.stringify({ fullCollections })}\n`);
