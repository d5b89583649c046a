import { ConfigError, describeVariables, readConfig } from '@sapien/config';
import { applyServiceHeapPolicy } from '@sapien/kernel';
import { clientsCreate } from './commands/clients.ts';
import { projectionsRebuild, projectionsStatus } from './commands/projections.ts';
import { startAll, startOne } from './commands/services.ts';
import { USAGE, UsageError } from './usage.ts';

// First thing, before the heap grows (see packages/kernel/src/heap-policy.ts).
const missingNodeFlags = applyServiceHeapPolicy();

/** A service started without the heap policy's command-line flags runs, with a word about it. */
const warnOfMissingNodeFlags = (): void => {
  if (missingNodeFlags.length === 0) return;
  process.stderr.write(
    `sapien: started without ${missingNodeFlags.join(' ')}: under load V8 will run a full garbage collection every second or so, ` +
      `each a pause of several ms. \`npm start\` and \`npm run sapien\` pass it; with node directly, add it before the script.\n`,
  );
};

const run = async (args: readonly string[]): Promise<void> => {
  const [command, sub, name] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'config') {
    process.stdout.write(`${describeVariables().join('\n')}\n`);
    return;
  }
  const config = readConfig();
  switch (command) {
    case 'start':
      warnOfMissingNodeFlags();
      return startAll(config);
    case 'api':
    case 'projector':
    case 'esl-listener':
      warnOfMissingNodeFlags();
      return startOne(config, command);
    case 'projections':
      if (sub === 'status') return projectionsStatus(config);
      if (sub === 'rebuild') return projectionsRebuild(config, name);
      throw new UsageError(`unknown projections command ${sub ?? '(none)'}`);
    case 'clients':
      if (sub === 'create') return clientsCreate(config, args.slice(2));
      throw new UsageError(`unknown clients command ${sub ?? '(none)'}`);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
};

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.problems.map((problem) => `sapien: ${problem}`).join('\n')}\nSapien did not start: fix the variables above (\`npm run sapien -- config\` lists them all).\n`);
    process.exit(2);
  }
  if (error instanceof UsageError) {
    process.stderr.write(`sapien: ${error.message}\n\n${USAGE}`);
    process.exit(64);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sapien: ${message}\n`);
  process.exit(1);
});
