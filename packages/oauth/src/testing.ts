export { TestUsers } from './testing/test-users.ts';
export type { TestUser } from './testing/test-users.ts';
export { Browser, locationOf } from './testing/browser.ts';
export { signIn } from './testing/sign-in.ts';
export type { SignInOutcome } from './testing/sign-in.ts';
export { IDENTITY_PROVIDER_NAME, startTestIdentityProvider } from './testing/identity-provider.ts';
export type { IdentityProviderAccount, IdentityProviderClient, TestIdentityProvider } from './testing/identity-provider.ts';
