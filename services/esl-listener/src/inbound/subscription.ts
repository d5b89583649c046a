import { eventCommand, filterCommand } from '@sapien/esl-protocol';

export type EslFilter = Readonly<{ header: string; value: string }>;

/**
 * Always asked for: HEARTBEAT shows a quiet connection is alive (silence detection) and
 * BACKGROUND_JOB carries bgapi results.
 */
const ALWAYS = ['HEARTBEAT', 'BACKGROUND_JOB'] as const;

/**
 * The names for `event json …`. `ALL` wins; CUSTOM subclasses (`CUSTOM::sofia::register` or
 * `CUSTOM sofia::register`) go last, after the word CUSTOM, since FreeSWITCH reads every name
 * after CUSTOM as a subclass.
 */
export function subscriptionNames(events: readonly string[]): string[] {
  const names = new Set<string>();
  const subclasses = new Set<string>();
  let custom = false;
  for (const entry of events) {
    let afterCustom = false;
    for (const word of entry.trim().split(/\s+/)) {
      if (word === '') continue;
      if (word === 'ALL') return ['ALL'];
      if (word === 'CUSTOM') {
        custom = true;
        afterCustom = true;
      } else if (word.startsWith('CUSTOM::')) {
        custom = true;
        subclasses.add(word.slice('CUSTOM::'.length));
      } else if (afterCustom) {
        subclasses.add(word);
      } else {
        names.add(word);
      }
    }
  }
  for (const name of ALWAYS) names.add(name);
  return custom ? [...names, 'CUSTOM', ...subclasses] : [...names];
}

/** What an inbound connection sends after `auth`: `event json …`, then its filters. */
export function subscriptionCommands(events: readonly string[], filters: readonly EslFilter[]): string[] {
  const commands = [eventCommand('json', subscriptionNames(events))];
  if (filters.length === 0) return commands;
  // Filters let through only what matches one of them: keep heartbeats and bgapi results coming.
  const always = ALWAYS.filter((name) => !filters.some((filter) => filter.header === 'Event-Name' && filter.value === name));
  for (const filter of [...filters, ...always.map((name) => ({ header: 'Event-Name', value: name }))]) {
    commands.push(filterCommand(filter.header, filter.value));
  }
  return commands;
}
