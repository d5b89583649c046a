import { expect } from 'chai';
import { percentDecode, percentDecodeAscii, percentDecodeBytes, percentEncode } from './percent.ts';

describe('percent-encoding', () => {
  describe('percentDecode', () => {
    it('returns a value without % unchanged', () => {
      expect(percentDecode('CHANNEL_ANSWER')).to.equal('CHANNEL_ANSWER');
    });

    it('decodes %XX escapes of either case into UTF-8 text', () => {
      expect(percentDecode('Wed,%2001%20May%202024%2012%3a00%3A00%20GMT')).to.equal('Wed, 01 May 2024 12:00:00 GMT');
      expect(percentDecode('Jos%C3%A9%20%E5%B1%B1%E7%94%B0')).to.equal('José 山田');
    });

    it('keeps + as +, since FreeSWITCH encodes a space as %20', () => {
      expect(percentDecode('%2B1555+0100')).to.equal('+1555+0100');
    });

    it('keeps an invalid escape literally: %ZZ, a lone %, a short %4', () => {
      expect(percentDecode('100%ZZ')).to.equal('100%ZZ');
      expect(percentDecode('100%')).to.equal('100%');
      expect(percentDecode('%')).to.equal('%');
      expect(percentDecode('ab%4')).to.equal('ab%4');
      expect(percentDecode('%%41')).to.equal('%A');
    });

    it('replaces a byte that is not UTF-8 (%E9 alone) with U+FFFD instead of throwing', () => {
      expect(percentDecode('caf%E9')).to.equal('caf\uFFFD');
      expect(percentDecode('%E9%41')).to.equal('\uFFFDA');
      expect(percentDecode('%F0%9F%98')).to.equal('\uFFFD');
      expect(percentDecode('%ED%A0%80')).to.equal('\uFFFD\uFFFD\uFFFD');
    });

    it('keeps raw non-ASCII text around escapes', () => {
      expect(percentDecode('Zoë%20Müller')).to.equal('Zoë Müller');
    });

    it('keeps a leading byte-order mark as content', () => {
      expect(percentDecode('%EF%BB%BFx')).to.equal('\uFEFFx');
    });
  });

  describe('percentDecodeBytes', () => {
    it('decodes only the range asked for', () => {
      const bytes = Buffer.from('xx%41%42yy');
      expect(percentDecodeBytes(bytes, 2, 8)).to.equal('AB');
    });

    it('does not read an escape past the end of the range', () => {
      const bytes = Buffer.from('a%4142');
      expect(percentDecodeBytes(bytes, 0, 3)).to.equal('a%4');
    });

    it('decodes a value longer than its scratch buffer', () => {
      const long = '%41'.repeat(5000);
      expect(percentDecodeBytes(Buffer.from(long))).to.equal('A'.repeat(5000));
    });
  });

  describe('percentDecodeAscii', () => {
    it('decodes ASCII escapes like percentDecode', () => {
      expect(percentDecodeAscii('a%20b%ZZ%', 0, 10)).to.equal('a b%ZZ%');
    });

    it('gives up on an escape of a non-ASCII byte, for the byte path to decode', () => {
      expect(percentDecodeAscii('Jos%C3%A9', 0, 9)).to.equal(undefined);
    });
  });

  describe('percentEncode', () => {
    it('leaves FreeSWITCH-safe text alone', () => {
      expect(percentEncode('sofia/internal/1000')).to.equal('sofia/internal/1000');
    });

    it('encodes FreeSWITCH\'s unsafe characters, controls and %', () => {
      expect(percentEncode('a b:c@d+e%f\r\n|')).to.equal('a%20b%3Ac%40d%2Be%25f%0D%0A%7C');
    });

    it('encodes non-ASCII text as its UTF-8 bytes', () => {
      expect(percentEncode('José ✓')).to.equal('Jos%C3%A9%20%E2%9C%93');
    });

    it('round-trips through percentDecode', () => {
      const value = 'ARRAY::a|:b %41 🎉 \u0000 ~';
      expect(percentDecode(percentEncode(value))).to.equal(value);
    });
  });
});
