/**
 * Event data fields that hold credentials: password hashes, client-secret verifiers, sealed TOTP
 * secrets, recovery-code hashes. They stay in the event store, where the deciders need them, and
 * never reach a public output (the EventLog read model, NATS): those show `[redacted]`.
 */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set([
  'passwordHash',
  'secretVerifier',
  'sealedSecret',
  'codeHash',
  'codeHashes',
]);

export const REDACTED = '[redacted]';

/** A copy of `value` with every credential field, at any depth, replaced by `[redacted]`. */
export const redactCredentials = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, CREDENTIAL_FIELDS.has(key) ? REDACTED : redactCredentials(field)]),
  );
};
