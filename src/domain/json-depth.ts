// How deeply a parsed JSON value nests, counted without recursion (a hostile file nested a hundred
// thousand levels deep would overflow the stack of any recursive walk), and the limit lato reads.

/** Settings are a few levels deep; anything far deeper is a broken or hostile file. */
export const MAX_JSON_DEPTH = 32;

/** The nesting depth of `value` (a scalar: 0, `{}` or `[]`: 1), counted up to `limit + 1`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, depth]);
  }
  return max;
}
