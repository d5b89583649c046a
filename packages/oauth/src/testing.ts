export { TestUsers } from './testing/test-users.ts';
export type { TestUser } from './testing/test-users.ts';
export { Browser, locationOf } from './testing/browser.ts';
export { signIn } from './testing/sign-in.ts';
export type { SignInOutcome } from './testing/sign-in.ts';
