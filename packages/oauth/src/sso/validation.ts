import { ValidationError } from '@sapien/kernel';

const MAX_URL = 2000;
const MAX_CLIENT_ID = 255;
const MAX_SECRET = 1024;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** RFC 6749 appendix A: client ids and secrets are VSCHAR, printable ASCII with the space. */
const VSCHARS = /^[\x20-\x7e]+$/u;

/** Plain HTTP only to this machine (tests, a local provider); TLS everywhere else. */
export const isLoopbackHttp = (url: URL): boolean => url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);

export const validateOrgId = (orgId: number): number => {
  if (!Number.isSafeInteger(orgId) || orgId < 1) throw new ValidationError('orgId must be a positive integer', 'orgId');
  return orgId;
};

/**
 * An OpenID Connect issuer: an https URL (http only on loopback) without query, fragment or
 * credentials. Kept exactly as given: discovery compares the provider's `issuer` with it.
 */
export const validateIssuer = (issuer: string): string => {
  const url = issuer.length <= MAX_URL ? URL.parse(issuer) : null;
  const ok = url !== null && (url.protocol === 'https:' || isLoopbackHttp(url)) && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  if (!ok || issuer.endsWith('#') || issuer.endsWith('?')) {
    throw new ValidationError('issuer must be an https URL without query or fragment (http only on loopback)', 'issuer');
  }
  return issuer;
};

export const validateSsoClientId = (clientId: string): string => {
  if (clientId.length > MAX_CLIENT_ID || !VSCHARS.test(clientId)) {
    throw new ValidationError(`clientId must be 1 to ${MAX_CLIENT_ID} printable characters`, 'clientId');
  }
  return clientId;
};

export const validateSsoClientSecret = (secret: string): string => {
  if (secret.length > MAX_SECRET || !VSCHARS.test(secret)) {
    throw new ValidationError(`clientSecret must be 1 to ${MAX_SECRET} printable characters`, 'clientSecret');
  }
  return secret;
};
