/**
 * How fast emitAtRate goes: one connection subscribed to ALL reads frames (parsed, not decoded)
 * while the stand-in emits realistic traffic at rising target rates; prints what was achieved.
 * Reader and stand-in share this process, as they would in a single-process benchmark.
 *
 *   node --import tsx test/esl-stand-in/scripts/measure-rate.ts [plain|json]
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { FrameParser, authCommand, eventCommand } from '@sapien/esl-protocol';
import { EslStandIn } from '../src/index.ts';

const format = process.argv[2] === 'json' ? 'json' : 'plain';
const standIn = await EslStandIn.start();
const socket = connect({ port: standIn.port, host: standIn.host });
await once(socket, 'connect');
const parser = new FrameParser();
let frames = 0;
let bytes = 0;
socket.on('data', (chunk: Buffer) => {
  bytes += chunk.length;
  frames += parser.push(chunk).frames.length;
});
socket.write(authCommand('ClueCon'));
socket.write(eventCommand(format, ['ALL']));
await standIn.waitForCommand((command) => command.startsWith('event '));
await standIn.emitAtRate(10_000, 2000); // warm up: the pool is built and encoded once

for (const rate of [25_000, 50_000, 100_000]) {
  const count = rate * 3;
  const startFrames = frames;
  const startBytes = bytes;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await standIn.emitAtRate(rate, count);
  while (frames - startFrames < count) await new Promise((resolve) => setTimeout(resolve, 1));
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `${format} target ${rate}/s: ${Math.round(count / seconds)} events/s, ` +
      `${((bytes - startBytes) / seconds / 1e6).toFixed(0)} MB/s, ` +
      `cpu ${(((used.user + used.system) / 1e6 / seconds) * 100).toFixed(0)}% of one core`,
  );
}
socket.destroy();
await standIn.close();
