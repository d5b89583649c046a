import AjvCompiler from '@fastify/ajv-compiler';
import type { RouteDefinition, ValidatorFactory } from '@fastify/ajv-compiler';

type Schema = RouteDefinition['schema'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Header names are case-insensitive and arrive lower-cased; fastify lower-cases a headers schema's
 * property names itself, but only for its own compiler, so a custom one has to do it.
 */
const lowerCaseHeaderNames = (schema: Schema): Schema => {
  if (!isRecord(schema)) return schema;
  const { properties, required } = schema;
  return {
    ...schema,
    ...(isRecord(properties) ? { properties: Object.fromEntries(Object.entries(properties).map(([name, value]) => [name.toLowerCase(), value])) } : {}),
    ...(Array.isArray(required) ? { required: required.map((name: unknown) => (typeof name === 'string' ? name.toLowerCase() : name)) } : {}),
  };
};

/**
 * Two ajv instances, chosen by the part of the request. A JSON body carries real types, so it is
 * validated as sent: `{"limit": "600"}` or `{"name": 123}` is a 400 naming the field, never coerced.
 * Path params, querystrings and headers arrive as strings and keep fastify's coercion. Both come
 * from fastify's own compiler, so its defaults, ajv-formats, the shared schemas and the server's
 * `ajv.customOptions` (e.g. removeAdditional: false) apply to both.
 */
export const strictBodyValidators = (): ValidatorFactory => {
  const fromPool = AjvCompiler();
  return (externalSchemas, options) => {
    if (options?.mode === 'JTD') return fromPool(externalSchemas, options);
    const lenient = fromPool(externalSchemas, options);
    const strict = fromPool(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } });
    return (route) => {
      if (route.httpPart === 'body') return strict(route);
      return lenient(route.httpPart === 'headers' ? { ...route, schema: lowerCaseHeaderNames(route.schema) } : route);
    };
  };
};
