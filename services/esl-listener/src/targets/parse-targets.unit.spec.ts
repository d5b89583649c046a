import { expect } from 'chai';
import { EslTargetsError } from './esl-targets-error.ts';
import { maskPassword, parseTargets } from './parse-targets.ts';

const failure = (text: string): EslTargetsError => {
  try {
    parseTargets(text);
  } catch (error) {
    if (error instanceof EslTargetsError) return error;
    throw error;
  }
  throw new Error(`parseTargets accepted ${text}`);
};

describe('SAPIEN_ESL_TARGETS', () => {
  it('reads one target with every part given', () => {
    expect(parseTargets('esl://:ClueCon@10.0.0.5:8022/fs-a')).to.deep.equal([
      { node: 'fs-a', host: '10.0.0.5', port: 8022, password: 'ClueCon' },
    ]);
  });

  it('reads several targets, separated by commas with white space around', () => {
    const targets = parseTargets(' esl://:a@fs1:8021/one , esl://:b@fs2/two,');
    expect(targets.map((target) => target.node)).to.deep.equal(['one', 'two']);
  });

  it('defaults the port to 8021 and the node name to the host', () => {
    expect(parseTargets('esl://:ClueCon@fs1.example.net')).to.deep.equal([
      { node: 'fs1.example.net', host: 'fs1.example.net', port: 8021, password: 'ClueCon' },
    ]);
    expect(parseTargets('esl://:ClueCon@fs1:8021/')[0]?.node).to.equal('fs1');
  });

  it('percent-decodes the password', () => {
    expect(parseTargets('esl://:p%40ss%3Aw%2Fd%20x@fs1/fs1')[0]?.password).to.equal('p@ss:w/d x');
  });

  it('reads an IPv6 host without its brackets', () => {
    expect(parseTargets('esl://:pw@[::1]:8021/local')[0]).to.include({ host: '::1', node: 'local' });
  });

  it('gives no targets for nothing configured', () => {
    expect(parseTargets(undefined)).to.deep.equal([]);
    expect(parseTargets('')).to.deep.equal([]);
    expect(parseTargets(' , ')).to.deep.equal([]);
  });

  it('rejects two targets with the same node name', () => {
    const error = failure('esl://:a@fs1/x,esl://:b@fs2/x');
    expect(error.code).to.equal('duplicate_node');
    expect(error.message).to.contain('entry 2').and.contain('"x"');
  });

  it('rejects a host reused without names, since the names default to it', () => {
    expect(failure('esl://:a@fs1:8021,esl://:b@fs1:8022').code).to.equal('duplicate_node');
  });

  for (const [entry, problem] of [
    ['fs1:8021', 'scheme "fs1"'],
    ['esl//:pw@fs1', 'is not a URL'],
    ['http://:pw@fs1/x', 'scheme "http"'],
    ['esl://fs1:8021/x', 'has no password'],
    ['esl://admin:pw@fs1/x', 'has a user name'],
    ['esl://:pw@:8021/x', 'not a URL'],
    ['esl://:pw@fs1:0/x', 'outside 1–65535'],
    ['esl://:pw@fs1:99999/x', 'not a URL'],
    ['esl://:pw@fs1/a/b', 'with "/"'],
    ['esl://:pw@fs1/x?events=ALL', 'query'],
    ['esl://:p%ZZw@fs1/x', 'badly percent-encoded password'],
  ] as const) {
    it(`rejects ${entry} (${problem})`, () => {
      const error = failure(`esl://:ok@fine/fine,${entry}`);
      expect(error.name).to.equal('EslTargetsError');
      expect(error.code).to.equal('invalid_target');
      expect(error.message).to.contain('entry 2').and.contain(problem).and.contain('esl://:<password>@<host>:<port>/<node-name>');
      expect(error.details.index).to.equal(2);
    });
  }

  it('never echoes the password of a bad entry', () => {
    for (const entry of ['esl://:S3cret!@fs1:nope/x', 'esl://admin:S3cret!@fs1/x', 'ftp://:S3cret!@fs1/x', 'esl://:S3cret!']) {
      const error = failure(entry);
      expect(error.message).not.to.contain('S3cret');
      expect(JSON.stringify(error.details)).not.to.contain('S3cret');
      expect(error.cause).to.equal(undefined);
    }
  });

  it('masks the user info of an entry, whatever its shape', () => {
    expect(maskPassword('esl://:pw@fs1:8021/x')).to.equal('esl://:***@fs1:8021/x');
    expect(maskPassword('esl://:p@w@fs1/x')).to.equal('esl://:***@fs1/x');
    expect(maskPassword('esl://:pw')).to.equal('esl://:***');
    expect(maskPassword('esl://fs1/x')).to.equal('esl://fs1/x');
  });
});
