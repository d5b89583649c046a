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

/**
 * Event data fields that hold personal data of people and users. NATS subscribers get no plaintext
 * personal data (PRODUCT.md §5): on the bus they show `[redacted]`; read them through the API.
 */
export const PERSONAL_DATA_FIELDS: ReadonlySet<string> = new Set([
  'login',
  'displayName',
  'email',
  'phone',
  'firstName',
  'lastName',
  'fullName',
  'address',
  'externalSubject',
]);

export const REDACTED = '[redacted]';

/** A copy of `value` with every field named in `fields`, at any depth, replaced by `[redacted]`. */
export const redactFields = (value: unknown, fields: ReadonlySet<string>): unknown => {
  if (Array.isArray(value)) return value.map((item) => redactFields(item, fields));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, fields.has(key) ? REDACTED : redactFields(field, fields)]));
};

/** Credentials redacted: what the public EventLog keeps of an event's data. */
export const redactCredentials = (value: unknown): unknown => redactFields(value, CREDENTIAL_FIELDS);

const BUS_REDACTED_FIELDS: ReadonlySet<string> = new Set([...CREDENTIAL_FIELDS, ...PERSONAL_DATA_FIELDS]);

/** Credentials and personal data redacted: what NATS subscribers get of an event's data. */
export const redactForBus = (value: unknown): unknown => redactFields(value, BUS_REDACTED_FIELDS);
