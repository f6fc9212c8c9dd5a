import { parseArgs as nodeParseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { joinDashValues, parseArgs } from './args.ts';

const options = {
  comment: { type: 'string' },
  query: { type: 'string', short: 'q' },
  tag: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  force: { type: 'boolean', short: 'f' },
} as const;

describe('option values that start with a dash', () => {
  it('are refused by node:util as it stands (the behaviour we work around)', () => {
    expect(() => nodeParseArgs({ args: ['--comment', '-2+3'], options })).toThrow(/ambiguous/);
  });

  it('are taken as the value of a string option, long or short, repeated or not', () => {
    const { values, positionals } = parseArgs({
      args: ['--comment', '-2+3 is a formula', '-q', '-draft kosovo', '--tag', '-x', '--tag', 'y', '--json', 'DOC'],
      options,
      allowPositionals: true,
    }, 'usage: pith test');
    expect(values).toEqual({ comment: '-2+3 is a formula', query: '-draft kosovo', tag: ['-x', 'y'], json: true });
    expect(positionals).toEqual(['DOC']);
  });

  it('leave options, "--" and what follows it, a lone "-" and --name=value as they are', () => {
    expect(joinDashValues(['--comment', '--json'], options)).toEqual(['--comment', '--json']);
    expect(joinDashValues(['--comment', '-f'], options)).toEqual(['--comment', '-f']);
    expect(joinDashValues(['--comment', '--tag=x'], options)).toEqual(['--comment', '--tag=x']);
    expect(joinDashValues(['--comment', '-'], options)).toEqual(['--comment', '-']);
    expect(joinDashValues(['--comment=-a', '--', '--comment', '-b'], options)).toEqual(['--comment=-a', '--', '--comment', '-b']);
    expect(joinDashValues(['--json', '-x'], options)).toEqual(['--json', '-x']);
  });
});
