import { InvalidReadDbUrl } from './errors.ts';

/** Where the read models live, parsed from `sqlite:<path>`, `sqlite::memory:` or `postgres://…`. */
export type ReadDbLocation =
  | Readonly<{ kind: 'sqlite'; path: string | ':memory:' }>
  | Readonly<{ kind: 'postgres'; url: string }>;

export const parseReadDbUrl = (url: string): ReadDbLocation => {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '' || path === '//') throw new InvalidReadDbUrl(url);
    return { kind: 'sqlite', path: path === ':memory:' ? ':memory:' : path };
  }
  if (/^postgres(ql)?:\/\/[^/]/u.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new InvalidReadDbUrl(url);
    }
    return { kind: 'postgres', url };
  }
  throw new InvalidReadDbUrl(url);
};
