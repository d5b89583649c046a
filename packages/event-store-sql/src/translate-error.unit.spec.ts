import { expect } from 'chai';
import { EventStoreUnavailable, ExpectedRevisionConflict } from '@sapien/event-store';
import { isUniqueViolation, translateError } from './translate-error.ts';

const driverError = (code: string, message = 'driver failure'): Error => Object.assign(new Error(message), { code });

describe('translateError', () => {
  it('turns refused connections and pool timeouts into EventStoreUnavailable, keeping the cause', () => {
    const refused = driverError('ECONNREFUSED');
    const translated = translateError(refused);
    expect(translated).to.be.instanceOf(EventStoreUnavailable);
    expect((translated as EventStoreUnavailable).cause).to.equal(refused);
    const timeout = Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' });
    expect(translateError(timeout)).to.be.instanceOf(EventStoreUnavailable);
  });

  it('turns PostgreSQL shutdown and SQLite busy errors into EventStoreUnavailable', () => {
    expect(translateError(driverError('57P01'))).to.be.instanceOf(EventStoreUnavailable);
    expect(translateError(driverError('SQLITE_BUSY'))).to.be.instanceOf(EventStoreUnavailable);
  });

  it('passes Sapien errors and programming errors through', () => {
    const conflict = new ExpectedRevisionConflict('s', 1, 2);
    expect(translateError(conflict)).to.equal(conflict);
    const syntax = driverError('42601');
    expect(translateError(syntax)).to.equal(syntax);
  });
});

describe('isUniqueViolation', () => {
  it('recognises both dialects', () => {
    expect(isUniqueViolation(driverError('23505'))).to.equal(true);
    expect(isUniqueViolation(driverError('SQLITE_CONSTRAINT_UNIQUE'))).to.equal(true);
    expect(isUniqueViolation(driverError('23503'))).to.equal(false);
  });
});
