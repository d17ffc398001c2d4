/** A compiled glob: whole-string match. */
export interface Glob {
  test(text: string): boolean;
}

/**
 * A glob as a whole-string pattern: `*` is any run of characters, `?` any one; the rest is literal.
 * Matched by walking both strings, going back only to the last `*` (time at most the product of
 * the two lengths): a backtracking regular expression takes time exponential in the stars, and a
 * pattern from /_mock against a path or an image from a client would hold the event loop.
 */
export function compileGlob(glob: string): Glob {
  return { test: (text) => globMatches(glob, text) };
}

function globMatches(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  // The last `*` seen, and where in the text its run ends so far.
  let star = -1;
  let starEnd = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g++;
      starEnd = t;
    } else if (g < glob.length && (glob[g] === '?' || glob[g] === text[t])) {
      g++;
      t++;
    } else if (star !== -1) {
      g = star + 1;
      t = ++starEnd;
    } else return false;
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}
