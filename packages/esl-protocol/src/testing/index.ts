export { realisticEvents, realisticTraffic, type TrafficOptions } from './traffic.ts';
export { encodeEventFrame, encodePlainEvent, encodeJsonEvent } from '../event-encoder.ts';
export { encodeFrame } from '../frame-encoder.ts';
export { SeededRandom } from './random.ts';
