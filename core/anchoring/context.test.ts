import { describe, expect, it } from 'vitest';
import { prefixAgreement, suffixAgreement } from './context.ts';

describe('context agreement', () => {
  const text = 'He met with envoys in Kosovo.';
  it('counts the characters of a prefix the text repeats just before a place', () => {
    expect(prefixAgreement(text, text.indexOf('envoys'), 'Then He met with ')).toBe(12);
    expect(prefixAgreement(text, text.indexOf('envoys'), 'Then he met with ')).toBe(11);
    expect(prefixAgreement(text, text.indexOf('envoys'), 'met with ')).toBe(9);
    expect(prefixAgreement(text, 0, 'anything')).toBe(0);
    expect(prefixAgreement(text, 5, '')).toBe(0);
  });
  it('counts the characters of a suffix the text repeats from a place', () => {
    expect(suffixAgreement(text, text.indexOf(' in'), ' in Kosovo. More.')).toBe(11);
    expect(suffixAgreement(text, text.length, 'x')).toBe(0);
  });
});
