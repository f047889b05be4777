// Debug adapter — a breakpoint's hit condition (`3`, `>= 3`, `% 2`…) as a predicate on the
// number of times the breakpoint was reached with its condition true. Pure parsing.

export type HitPredicate = (hits: number) => boolean;

/**
 * `N` or `== N` stops on the Nth hit only; `> N`, `>= N`, `< N`, `<= N` compare; `% N` stops
 * on every Nth hit. Anything else throws with a message for the user.
 */
export function parseHitCondition(text: string): HitPredicate {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`Hit count '${text}' is not understood: use N, == N, > N, >= N, < N, <= N or % N`);
  const n = Number(m[2]);
  switch (m[1]) {
    case '>': return h => h > n;
    case '>=': return h => h >= n;
    case '<': return h => h < n;
    case '<=': return h => h <= n;
    case '%': return h => n > 0 && h % n === 0;
    default: return h => h === n;
  }
}
