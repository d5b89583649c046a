import { InvalidSubjectError } from './errors.ts';

const WHITESPACE = /\s/u;

const tokensOf = (subject: string): string[] => {
  if (subject === '' || WHITESPACE.test(subject)) throw new InvalidSubjectError(subject, 'empty or containing whitespace');
  const tokens = subject.split('.');
  if (tokens.some((token) => token === '')) throw new InvalidSubjectError(subject, 'empty token');
  return tokens;
};

/** Checks a subject to publish on: literal tokens only, as NATS requires. */
export const assertPublishSubject = (subject: string): void => {
  if (tokensOf(subject).some((token) => token === '*' || token === '>')) {
    throw new InvalidSubjectError(subject, 'wildcards are not allowed when publishing');
  }
};

/** Checks a subscription filter: `*` stands for one token, `>` for the rest and only at the end. */
export const assertSubjectFilter = (filter: string): void => {
  const tokens = tokensOf(filter);
  if (tokens.slice(0, -1).includes('>')) throw new InvalidSubjectError(filter, '">" must be the last token');
};

/** Whether a literal subject matches a filter with NATS wildcards. */
export const subjectMatches = (filter: string, subject: string): boolean => {
  const wanted = filter.split('.');
  const actual = subject.split('.');
  for (let i = 0; i < wanted.length; i++) {
    const token = wanted[i];
    if (token === '>') return actual.length > i;
    if (i >= actual.length) return false;
    if (token !== '*' && token !== actual[i]) return false;
  }
  return wanted.length === actual.length;
};
