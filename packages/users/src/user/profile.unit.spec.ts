import { ConflictError, NotFoundError, ValidationError } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import { userDecider } from '../index.ts';
import { HASH, ORG_ID, OTHER_HASH, USER_ID, command, created } from './spec-fixtures.ts';

const spec = DeciderSpecification.for(userDecider);
const create = (data: Partial<{ login: string; displayName: string; passwordHash: string; roles: string[]; orgId: number; userId: string }> = {}) =>
  command('CreateUser', { login: 'alice', displayName: 'Alice', passwordHash: HASH, roles: ['member'], ...data } as never);

describe('userDecider: profile', () => {
  describe('CreateUser', () => {
    it('creates a user with a password hash and roles', () => spec.given([]).when(create()).then([created]));

    it('trims login and display name and sorts roles without duplicates', () =>
      spec
        .given([])
        .when(create({ login: ' alice ', displayName: ' Alice ', roles: ['org-admin', 'member', 'org-admin'] }))
        .then([{ ...created, data: { ...created.data, roles: ['member', 'org-admin'] } } as typeof created]));

    it('records a missing display name as null', () =>
      spec
        .given([])
        .when(command('CreateUser', { login: 'alice', passwordHash: HASH, roles: ['member'] }))
        .then([{ ...created, data: { ...created.data, displayName: null } } as typeof created]));

    it('rejects a user that already exists', () =>
      spec.given([created]).when(create()).thenThrows(ConflictError, (error) => error.code === 'user-exists'));

    it('refuses anything but a scrypt hash where the password goes: a plaintext never reaches an event', () =>
      spec.given([]).when(create({ passwordHash: 'correct horse battery staple' })).thenThrows(ValidationError, (e) => e.field === 'passwordHash'));

    it('rejects an unknown role, naming the field', () =>
      spec.given([]).when(create({ roles: ['root'] })).thenThrows(ValidationError, (e) => e.field === 'roles'));

    it('rejects an empty role list', () => spec.given([]).when(create({ roles: [] })).thenThrows(ValidationError, (e) => e.field === 'roles'));

    it('rejects a login with whitespace inside', () =>
      spec.given([]).when(create({ login: 'al ice' })).thenThrows(ValidationError, (e) => e.field === 'login'));

    it('rejects a user id that is not a UUID', () =>
      spec.given([]).when(create({ userId: 'u-1' })).thenThrows(ValidationError, (e) => e.field === 'userId'));

    it('rejects an org id that is not a positive integer', () =>
      spec.given([]).when(create({ orgId: 0 })).thenThrows(ValidationError, (e) => e.field === 'orgId'));
  });

  describe('ChangePassword', () => {
    it('records the new hash', () =>
      spec
        .given([created])
        .when(command('ChangePassword', { passwordHash: OTHER_HASH }))
        .then([{ type: 'UserPasswordChanged', data: { userId: USER_ID, passwordHash: OTHER_HASH } }]));

    it('reports an unknown user as not found', () =>
      spec.given([]).when(command('ChangePassword', { passwordHash: OTHER_HASH })).thenThrows(NotFoundError));

    it("reports another org's user as not found", () =>
      spec.given([created]).when(command('ChangePassword', { passwordHash: OTHER_HASH, orgId: ORG_ID + 1 })).thenThrows(NotFoundError));
  });

  describe('ChangeRoles', () => {
    it('records the new roles and the previous ones', () =>
      spec
        .given([created])
        .when(command('ChangeRoles', { roles: ['org-admin'] }))
        .then([{ type: 'UserRolesChanged', data: { userId: USER_ID, roles: ['org-admin'], previousRoles: ['member'] } }]));

    it('does nothing when the roles are unchanged', () => spec.given([created]).when(command('ChangeRoles', { roles: ['member', 'member'] })).thenNothingHappens());
  });

  describe('EnableSso and DisableSso', () => {
    it('enables SSO once', () => {
      spec.given([created]).when(command('EnableSso', {})).then([{ type: 'UserSsoEnabled', data: { userId: USER_ID } }]);
      spec.given([created, { type: 'UserSsoEnabled', data: { userId: USER_ID } }]).when(command('EnableSso', {})).thenNothingHappens();
    });

    it('disables SSO only when enabled', () => {
      spec.given([created]).when(command('DisableSso', {})).thenNothingHappens();
      spec
        .given([created, { type: 'UserSsoEnabled', data: { userId: USER_ID } }])
        .when(command('DisableSso', {}))
        .then([{ type: 'UserSsoDisabled', data: { userId: USER_ID } }]);
    });
  });

  describe('UpdateUser', () => {
    it('decides every given field into one list of events', () =>
      spec
        .given([created])
        .when(command('UpdateUser', { displayName: 'Alice B.', roles: ['org-admin'], passwordHash: OTHER_HASH, ssoEnabled: true }))
        .then([
          { type: 'UserDisplayNameChanged', data: { userId: USER_ID, displayName: 'Alice B.' } },
          { type: 'UserRolesChanged', data: { userId: USER_ID, roles: ['org-admin'], previousRoles: ['member'] } },
          { type: 'UserPasswordChanged', data: { userId: USER_ID, passwordHash: OTHER_HASH } },
          { type: 'UserSsoEnabled', data: { userId: USER_ID } },
        ]));

    it('clears the display name with null', () =>
      spec
        .given([created])
        .when(command('UpdateUser', { displayName: null }))
        .then([{ type: 'UserDisplayNameChanged', data: { userId: USER_ID, displayName: null } }]));

    it('does nothing for fields that already hold the given values', () =>
      spec.given([created]).when(command('UpdateUser', { displayName: 'Alice', roles: ['member'], ssoEnabled: false })).thenNothingHappens());

    it('decides nothing when one field is invalid, naming it', () =>
      spec
        .given([created])
        .when(command('UpdateUser', { displayName: 'Alice B.', roles: ['root' as never] }))
        .thenThrows(ValidationError, (e) => e.field === 'roles'));

    it("reports another org's user as not found", () =>
      spec.given([created]).when(command('UpdateUser', { displayName: 'X', orgId: 7 })).thenThrows(NotFoundError));
  });
});
