/** PostgreSQL returns bigint columns as strings; positions and ids fit a JavaScript number. */
export const toNumber = (value: unknown): number => {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new TypeError(`not a number: ${String(value)}`);
  return number;
};
