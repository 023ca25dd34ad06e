/**
 * The regex rules skip re2js for regexes a small checker knows to be valid RE2; that checker must
 * never call valid what re2js refuses, and the matcher it hands out must match as re2js does.
 */
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { re2, surelyValidRe2 } from '../../src/validate/rules/util';

const compiles = (source: string): boolean => {
  try {
    RE2JS.compile(source);
    return true;
  } catch {
    return false;
  }
};

describe('surelyValidRe2', () => {
  test.each(['', '5..', 'a|b.*', '.*(/write|/metrics)', '^vmalert.*', '(veth|azv|lxc).*', '[a-z]+|nvme[0-9]+n[0-9]+', '[^/]+', 'a+?b', '()*', '(|)', '.*zookeeper(-[0-9]+)?$', '5[0-9]{2}', 'x{1,3}?', '(ab){2,}'])(
    'accepts %j',
    (source) => {
      expect(surelyValidRe2(source)).toBe(true);
      expect(compiles(source)).toBe(true);
    },
  );

  test.each(['x**', '*a', 'a|*', '(?i)a', '(a', 'a)', '[z-a]', '[]', 'a{1001}', 'a{2}{3}', 'a{2}*', '{2}', 'a{,3}', 'a{3,2}', 'a{2}b{2}', '\\d', '^*', '(*)', 'a*??', '[a-]', 'é', '('.repeat(101) + ')'.repeat(101)])(
    'leaves %j to re2js',
    (source) => {
      expect(surelyValidRe2(source)).toBe(false);
    },
  );

  test('never accepts what re2js refuses', () => {
    const piece = fc.constantFrom('a', 'Z', '0', '9', '-', '_', '/', ':', '"', ' ', '.', '|', '^', '$', '*', '+', '?', '(', ')', '(?', '[', ']', '[a-z]', '[^0-9_]', '[z-a]', '[a-', '\\', '{2}', '{1,3}', '{3,1}', '{1,}', '{', '}', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }).map((xs) => xs.join('')), (source) => {
        if (surelyValidRe2(source)) expect(compiles(source)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  test('its matcher matches as re2js does, anchored and searching', () => {
    for (const [source, value, anchored, search] of [
      ['5..', '503', true, true],
      ['5..', 'x503', false, true],
      ['a|b.*', 'bcd', true, true],
      ['[a-z]+', 'abc1', false, true],
    ] as const) {
      const a = re2(source);
      const s = re2(source, 'search');
      expect(a.ok && s.ok).toBe(true);
      if (a.ok) expect(a.test(value)).toBe(anchored);
      if (s.ok) expect(s.test(value)).toBe(search);
    }
  });
});
