import { isAbsolute, resolve } from 'node:path';

/** One environment variable: its name, what it expects (said in errors and the README), a parser. */
export type Variable<T> = Readonly<{
  name: string;
  expects: string;
  parse: (raw: string | undefined) => T;
}>;

/** Thrown by a parser with the reason; the reader adds the variable's name. */
export class InvalidValue extends Error {}

export const port = (name: string, fallback: number): Variable<number> => ({
  name,
  expects: `a TCP port number from 1 to 65535 (default ${fallback})`,
  parse: (raw) => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 1 || value > 65535) throw new InvalidValue(`got ${JSON.stringify(raw)}`);
    return value;
  },
});

export const positiveInt = (name: string, fallback: number, unit: string): Variable<number> => ({
  name,
  expects: `a positive whole number of ${unit} (default ${fallback})`,
  parse: (raw) => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 1 || !Number.isSafeInteger(value)) throw new InvalidValue(`got ${JSON.stringify(raw)}`);
    return value;
  },
});

export const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): Variable<T> => ({
  name,
  expects: `one of ${values.join(', ')} (default ${fallback})`,
  parse: (raw) => {
    if (raw === undefined || raw === '') return fallback;
    if (!(values as readonly string[]).includes(raw)) throw new InvalidValue(`got ${JSON.stringify(raw)}`);
    return raw as T;
  },
});

export const directory = (name: string, fallback: string): Variable<string> => ({
  name,
  expects: `a folder path (default ${fallback})`,
  parse: (raw) => {
    const value = raw === undefined || raw === '' ? fallback : raw;
    return isAbsolute(value) ? value : resolve(value);
  },
});

/** A database URL: `sqlite:<path>`, `sqlite::memory:` or `postgres://…`; `fallback` may depend on other settings. */
export const databaseUrl = (name: string, fallbackDescription: string): Variable<string | undefined> => ({
  name,
  expects: `sqlite:<file path> or postgres://user@host:port/database (default ${fallbackDescription})`,
  parse: (raw) => {
    if (raw === undefined || raw === '') return undefined;
    if (raw.startsWith('sqlite:') && raw.length > 'sqlite:'.length) return raw;
    if (/^postgres(ql)?:\/\/.+/.test(raw)) {
      try {
        new URL(raw);
        return raw;
      } catch {
        throw new InvalidValue(`got a malformed URL ${JSON.stringify(raw)}`);
      }
    }
    throw new InvalidValue(`got ${JSON.stringify(raw)}`);
  },
});

/** Comma-separated nats:// URLs; empty means the in-process bus. */
export const natsUrls = (name: string): Variable<string[] | undefined> => ({
  name,
  expects: 'comma-separated nats://host:port URLs (default: none, the in-process bus)',
  parse: (raw) => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const urls = raw.split(',').map((part) => part.trim());
    for (const url of urls) {
      if (!/^(nats|tls):\/\/[^/\s]+$/.test(url)) throw new InvalidValue(`got ${JSON.stringify(url)}`);
    }
    return urls;
  },
});

export const host = (name: string, fallback: string): Variable<string> => ({
  name,
  expects: `a host name or IP address to listen on (default ${fallback})`,
  parse: (raw) => {
    if (raw === undefined || raw === '') return fallback;
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(raw)) throw new InvalidValue(`got ${JSON.stringify(raw)}`);
    return raw;
  },
});

export const text = (name: string, fallback: string | undefined, description: string): Variable<string | undefined> => ({
  name,
  expects: description,
  parse: (raw) => (raw === undefined || raw === '' ? fallback : raw),
});

/** A secret: never echoed in an error; at least `minLength` characters. */
export const secret = (name: string, minLength: number, description: string): Variable<string | undefined> => ({
  name,
  expects: `${description}, at least ${minLength} characters (default: none)`,
  parse: (raw) => {
    if (raw === undefined || raw === '') return undefined;
    if (raw.length < minLength) throw new InvalidValue(`is ${raw.length} characters long`);
    return raw;
  },
});

/** An origin (scheme, host, port; no path): where clients reach a service. */
export const origin = (name: string, fallbackDescription: string): Variable<string | undefined> => ({
  name,
  expects: `an origin such as https://api.example.com, without a path (default ${fallbackDescription})`,
  parse: (raw) => {
    if (raw === undefined || raw === '') return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InvalidValue(`got ${JSON.stringify(raw)}`);
    }
    if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
      throw new InvalidValue(`got ${JSON.stringify(raw)}`);
    }
    return url.origin;
  },
});
