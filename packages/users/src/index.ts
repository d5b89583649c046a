// Stream ids
export { loginRegistryStreamId, sessionStreamId, userStreamId } from './stream-ids.ts';

// Users: the decider of `user-<userId>`
export type {
  ChangePassword,
  ChangeRoles,
  ConfirmTotp,
  CreateUser,
  DisableSso,
  EnableSso,
  EnrolTotp,
  GenerateRecoveryCodes,
  RecordLoginAttempt,
  UpdateUser,
  UseRecoveryCode,
  UseTotpCode,
  UserCommand,
} from './user/commands.ts';
export type {
  AccountLocked,
  LoginFactor,
  LoginFailed,
  LoginFailureReason,
  LoginSucceeded,
  RecoveryCodeUsed,
  RecoveryCodesGenerated,
  TotpCodeUsed,
  TotpConfirmed,
  TotpEnrolmentStarted,
  UserCreated,
  UserDisplayNameChanged,
  UserEvent,
  UserPasswordChanged,
  UserRolesChanged,
  UserSsoDisabled,
  UserSsoEnabled,
} from './user/events.ts';
export { USER_EVENT_TYPES, isUserEvent } from './user/events.ts';
export type { ActiveUser, UserState } from './user/state.ts';
export { initialUserState, isMfaEnabled } from './user/state.ts';
export type { UserDecider } from './user/decider.ts';
export { createUserDecider, userDecider } from './user/decider.ts';
export type { LockoutPolicy } from './user/lockout.ts';
export { DEFAULT_LOCKOUT_POLICY, isLockedAt } from './user/lockout.ts';
export type { UserProfile } from './user/view.ts';
export { userProfileOf } from './user/view.ts';

// Login names, unique per org: the decider of `user-logins-<orgId>`
export type { LoginRegistryState, LoginReserved, ReserveLogin } from './logins/registry.ts';
export { loginRegistryDecider, userIdForLogin } from './logins/registry.ts';

// API sessions: the decider of `session-<sessionId>`, the edge service, last activity outside the log
export type {
  RevokeSession,
  SessionCommand,
  SessionEndReason,
  SessionEvent,
  SessionRevoked,
  SessionStarted,
  SessionState,
  StartSession,
} from './sessions/session.ts';
export { SESSION_EVENT_TYPES, isSessionEvent, sessionDecider } from './sessions/session.ts';
export type { SessionContext, StartSessionInput, StartedSession } from './sessions/user-sessions.ts';
export { UserSessions } from './sessions/user-sessions.ts';
export type { SessionActivity } from './sessions/session-activity.ts';
export type { SqlSessionActivityOptions } from './sessions/sql-session-activity.ts';
export {
  SESSION_ACTIVITY_MIGRATIONS,
  SESSION_ACTIVITY_TABLE,
  SqlSessionActivity,
  migrateSessionActivity,
} from './sessions/sql-session-activity.ts';

// Credentials at the edge: password hashing, sealed TOTP secrets, TOTP codes, recovery codes
export type { PasswordHasher, ScryptParameters } from './credentials/password-hasher.ts';
export { DEFAULT_SCRYPT_PARAMETERS, MIN_SCRYPT_N, ScryptPasswordHasher, parseScryptHash } from './credentials/password-hasher.ts';
export type { SecretBox } from './credentials/secret-box.ts';
export { AesGcmSecretBox } from './credentials/secret-box.ts';
export type { TotpEnrolment, TotpOptions } from './credentials/totp-service.ts';
export { TOTP_PERIOD_SECONDS, TotpService, totpCodeAt } from './credentials/totp-service.ts';
export type { GeneratedRecoveryCodes } from './credentials/recovery-codes.ts';
export { RECOVERY_CODE_COUNT, generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode } from './credentials/recovery-codes.ts';

// Login: the port the OAuth interaction uses, and its implementation
export type { AuthenticatedUser, AuthenticationContext, Credentials, UserAuthenticator, UserIdentity } from './auth/user-authenticator.ts';
export type { UserAuthenticatorDependencies } from './auth/event-sourced-authenticator.ts';
export { EventSourcedUserAuthenticator } from './auth/event-sourced-authenticator.ts';

// Validation and errors
export {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_LOGIN_LENGTH,
  MAX_PASSWORD_LENGTH,
  MAX_RECOVERY_CODES,
  MIN_PASSWORD_LENGTH,
  loginKeyOf,
  validateDisplayName,
  validateLogin,
  validatePassword,
  validateRoles,
} from './validation.ts';
export { AccountLockedError, InvalidTotpCodeError, SecretBoxError } from './errors.ts';
