import { ValidationError } from '@sapien/kernel';

type StringRule = Readonly<{ maxLength: number; pattern?: RegExp; describe?: string }>;

/**
 * Reads the fields of one JSON object strictly: an unknown field, a wrong type or an out-of-range
 * value fails with a ValidationError naming the field by its path (`value.events[2]`).
 */
export class FieldReader {
  private constructor(
    private readonly object: Readonly<Record<string, unknown>>,
    private readonly path: string,
  ) {}

  /** `value` at `path` as an object with only `known` fields; absent reads as `{}` when `optional`. */
  static object(value: unknown, path: string, known: readonly string[], optional = false): FieldReader {
    if (value === undefined && optional) return new FieldReader({}, path);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError(`${path} must be an object`, path);
    }
    const object = value as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(object)) {
      if (!known.includes(key)) {
        const expected = known.length === 0 ? 'no fields' : known.join(', ');
        throw new ValidationError(`${path}.${key} is not a known field (expected ${expected})`, `${path}.${key}`);
      }
    }
    return new FieldReader(object, path);
  }

  string(key: string, rule: StringRule): string {
    const value = this.optionalString(key, rule);
    if (value === undefined) throw new ValidationError(`${this.field(key)} is required`, this.field(key));
    return value;
  }

  optionalString(key: string, rule: StringRule): string | undefined {
    const value = this.object[key];
    if (value === undefined) return undefined;
    return checkString(value, this.field(key), rule);
  }

  optionalInteger(key: string, min: number, max: number): number | undefined {
    const value = this.object[key];
    if (value === undefined) return undefined;
    const field = this.field(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ValidationError(`${field} must be an integer`, field);
    if (value < min || value > max) throw new ValidationError(`${field} must be between ${min} and ${max}`, field, { min, max });
    return value;
  }

  stringArray(key: string, maxItems: number, rule: StringRule): string[] {
    const value = this.optionalStringArray(key, maxItems, rule);
    if (value === undefined) throw new ValidationError(`${this.field(key)} is required`, this.field(key));
    return value;
  }

  optionalStringArray(key: string, maxItems: number, rule: StringRule): string[] | undefined {
    const value = this.object[key];
    if (value === undefined) return undefined;
    const field = this.field(key);
    if (!Array.isArray(value)) throw new ValidationError(`${field} must be an array`, field);
    if (value.length === 0) throw new ValidationError(`${field} must not be empty`, field);
    if (value.length > maxItems) throw new ValidationError(`${field} must have at most ${maxItems} items`, field, { maxItems });
    return value.map((item: unknown, index) => checkString(item, `${field}[${index}]`, rule));
  }

  field(key: string): string {
    return `${this.path}.${key}`;
  }
}

function checkString(value: unknown, field: string, rule: StringRule): string {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, field);
  if (value.length === 0) throw new ValidationError(`${field} must not be empty`, field);
  if (value.length > rule.maxLength) throw new ValidationError(`${field} must be at most ${rule.maxLength} characters`, field);
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    throw new ValidationError(`${field} must be ${rule.describe ?? `like ${rule.pattern.source}`}`, field);
  }
  return value;
}
