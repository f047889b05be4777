// Runtime expressions — the math functions of the standard library (LANGUAGE.md §5).
import { define, fail, given, int, num, type StdlibFunction } from './stdlib-function.js';

export const mathFunctions: StdlibFunction[] = [
  define('math', 'abs', [{ name: 'x', type: 'number' }], 'number', 'The absolute value.', (a) => Math.abs(num(a, 0))),
  define('math', 'round', [{ name: 'x', type: 'number' }, { name: 'digits', type: 'number', optional: true }], 'number',
    'Rounded to `digits` decimal places (default 0); halves round away from zero.',
    (a) => {
      const x = num(a, 0);
      const d = given(a, 1) ? int(a, 1) : 0;
      if (d < 0 || d > 15) fail('digits must be between 0 and 15');
      const f = 10 ** d;
      return (Math.sign(x) * Math.round(Math.abs(x) * f + Number.EPSILON * f)) / f || 0;
    }),
  define('math', 'floor', [{ name: 'x', type: 'number' }], 'number', 'The largest whole number not above x.', (a) => Math.floor(num(a, 0))),
  define('math', 'ceil', [{ name: 'x', type: 'number' }], 'number', 'The smallest whole number not below x.', (a) => Math.ceil(num(a, 0))),
  define('math', 'pow', [{ name: 'x', type: 'number' }, { name: 'y', type: 'number' }], 'number', 'x raised to the power y.',
    (a) => {
      const r = num(a, 0) ** num(a, 1);
      return Number.isFinite(r) ? r : fail('result is not a finite number');
    }),
  define('math', 'sqrt', [{ name: 'x', type: 'number' }], 'number', 'The square root of a non-negative number.',
    (a) => { const x = num(a, 0); return x < 0 ? fail('cannot take the square root of a negative number') : Math.sqrt(x); }),
];
