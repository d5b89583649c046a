import { expect } from 'chai';
import { CommandReader, commandHeader } from './command-reader.ts';

const push = (reader: CommandReader, text: string | Buffer) =>
  reader.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

describe('reading client commands as mod_event_socket does', () => {
  it('reads a command line ended by a blank line', () => {
    const { commands } = push(new CommandReader(), 'auth ClueCon\n\n');
    expect(commands).to.have.length(1);
    expect(commands[0]).to.include({ line: 'auth ClueCon', text: 'auth ClueCon' });
  });

  it('accepts CRLF and skips blank lines between commands', () => {
    const { commands } = push(new CommandReader(), '\r\n\nevent plain ALL\r\n\r\n\napi status\n\n');
    expect(commands.map((command) => command.line)).to.deep.equal(['event plain ALL', 'api status']);
  });

  it('reads header lines and finds them ignoring case', () => {
    const { commands } = push(new CommandReader(), 'bgapi status\nJob-UUID: abc\n\n');
    expect(commands[0]!.headers).to.deep.equal([['Job-UUID', 'abc']]);
    expect(commandHeader(commands[0]!, 'job-uuid')).to.equal('abc');
    expect(commands[0]!.text).to.equal('bgapi status\nJob-UUID: abc');
  });

  it('waits for a body of Content-Length bytes, however the chunks fall', () => {
    const body = 'héllo\n';
    const wire = Buffer.from(`sendmsg\ncall-command: execute\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}exit\n\n`);
    for (let split = 1; split < wire.length; split++) {
      const reader = new CommandReader();
      const commands = [...push(reader, wire.subarray(0, split)).commands, ...push(reader, wire.subarray(split)).commands];
      expect(commands.map((command) => command.line), `split at ${split}`).to.deep.equal(['sendmsg', 'exit']);
      expect(commands[0]!.body).to.equal(body);
    }
  });

  it('treats an unreadable Content-Length as no body, as atoi would', () => {
    const { commands } = push(new CommandReader(), 'sendmsg\nContent-Length: lots\n\nexit\n\n');
    expect(commands.map((command) => command.line)).to.deep.equal(['sendmsg', 'exit']);
  });

  it('cuts endless garbage into bounded commands instead of buffering it all', () => {
    const reader = new CommandReader();
    const { commands } = push(reader, Buffer.alloc(200 * 1024, 0x41));
    expect(commands.length).to.equal(3);
    expect(commands[0]!.line.length).to.equal(64 * 1024);
  });

  it('refuses a body too large to be a command', () => {
    const { error } = push(new CommandReader(), 'sendmsg\nContent-Length: 999999999\n\n');
    expect(error).to.match(/too large/);
  });
});
