// Benchmark — how a figure checked against a target is printed.

/**
 * `value` with `digits` decimals, or more when that many would show it equal to the `target` it
 * is checked against (9.96× is "9.96×", not "10.0× NOT met").
 */
export function decisive(value: number, target: number, digits: number): string {
  let d = digits;
  while (d < 6 && value !== target && Number(value.toFixed(d)) === target) d++;
  return value.toFixed(d);
}
