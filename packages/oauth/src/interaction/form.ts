import type { IncomingMessage } from 'node:http';

const LIMIT = 8 * 1024;

/** The interaction forms' body: urlencoded, small. Undefined when it is neither. */
export const readForm = async (request: IncomingMessage): Promise<URLSearchParams | undefined> => {
  const type = request.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > LIMIT) return undefined;
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};
