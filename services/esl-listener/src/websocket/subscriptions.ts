import { ALL_EVENTS, formatEventSelector, selectorMatches, type EventSelector } from '../capture/index.ts';
import type { PublishedEslEvent } from '../hub.ts';

export type Subscription = Readonly<{ event: string; node?: string }>;

type Entry = Readonly<{ selector: EventSelector; node?: string }>;

/** A client's subscriptions: event selectors, each on every node or on one. */
export class Subscriptions {
  private readonly entries = new Map<string, Entry>();

  add(selectors: readonly EventSelector[], node?: string): void {
    for (const selector of selectors) this.entries.set(key(selector, node), node === undefined ? { selector } : { selector, node });
  }

  /** Removes the named subscriptions; `ALL` removes every one (on `node` when given). */
  remove(selectors: readonly EventSelector[], node?: string): void {
    for (const selector of selectors) {
      if (selector.name === ALL_EVENTS) {
        for (const [entryKey, entry] of this.entries) if (node === undefined || entry.node === node) this.entries.delete(entryKey);
      } else {
        this.entries.delete(key(selector, node));
      }
    }
  }

  matches(event: PublishedEslEvent): boolean {
    for (const entry of this.entries.values()) {
      if ((entry.node === undefined || entry.node === event.node) && selectorMatches(entry.selector, event.name, event.subclass)) return true;
    }
    return false;
  }

  get size(): number {
    return this.entries.size;
  }

  list(): Subscription[] {
    return [...this.entries.values()].map((entry) =>
      entry.node === undefined ? { event: formatEventSelector(entry.selector) } : { event: formatEventSelector(entry.selector), node: entry.node },
    );
  }
}

const key = (selector: EventSelector, node: string | undefined): string => `${node ?? ''}\n${formatEventSelector(selector)}`;
