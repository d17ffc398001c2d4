/**
 * Why and where Python's json module refuses a text: FastAPI answers a malformed body with its
 * message and position (`{"loc": ["body", 9], "msg": "JSON decode error", "ctx": {"error":
 * "Expecting value"}}`), and JSON.parse says neither in those words. A reading of the text as
 * CPython's scanner reads it, only once JSON.parse has refused it. Null when Python would take the
 * text (it reads NaN and Infinity, which JSON.parse does not), or when it nests too deep to read.
 */
export function pythonJsonError(text: string): { pos: number; msg: string } | null {
  try {
    const end = skipSpace(text, value(text, skipSpace(text, 0)));
    if (end !== text.length) throw new Refusal(end, 'Extra data');
    return null;
  } catch (error) {
    // Else the stack ran out (nesting thousands deep): no position to give.
    if (!(error instanceof Refusal)) return null;
    // Python counts characters; a JavaScript string counts UTF-16 units (two for an emoji).
    return { pos: [...text.slice(0, error.pos)].length, msg: error.message };
  }
}

class Refusal extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
  }
}

const SPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const WORDS = ['null', 'true', 'false', 'NaN', 'Infinity', '-Infinity'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && SPACE.has(text[i]!)) i++;
  return i;
}

/** Reads a value at `at`; where it ends. */
function value(text: string, at: number): number {
  const c = text[at];
  if (c === '"') return string(text, at + 1);
  if (c === '{') return object(text, at + 1);
  if (c === '[') return array(text, at + 1);
  for (const word of WORDS) if (text.startsWith(word, at)) return at + word.length;
  NUMBER.lastIndex = at;
  const number = NUMBER.exec(text);
  if (number) return at + number[0].length;
  throw new Refusal(at, 'Expecting value');
}

/** Reads a string whose opening quote is just before `at`. */
function string(text: string, at: number): number {
  const begin = at - 1;
  let i = at;
  for (;;) {
    while (i < text.length && text[i] !== '"' && text[i] !== '\\') {
      if (text.charCodeAt(i) <= 0x1f) throw new Refusal(i, 'Invalid control character at');
      i++;
    }
    if (i >= text.length) throw new Refusal(begin, 'Unterminated string starting at');
    if (text[i] === '"') return i + 1;
    const escaped = i + 1;
    if (escaped >= text.length) throw new Refusal(begin, 'Unterminated string starting at');
    if (text[escaped] !== 'u') {
      if (!ESCAPES.has(text[escaped]!)) throw new Refusal(i, 'Invalid \\escape');
      i = escaped + 1;
    } else {
      // CPython wants the four digits and one more character (the closing quote, at the least).
      if (escaped + 5 >= text.length || !HEX4.test(text.slice(escaped + 1, escaped + 5)))
        throw new Refusal(escaped, 'Invalid \\uXXXX escape');
      i = escaped + 5;
    }
  }
}

function object(text: string, at: number): number {
  let i = skipSpace(text, at);
  if (text[i] === '}') return i + 1;
  for (;;) {
    if (text[i] !== '"') throw new Refusal(i, 'Expecting property name enclosed in double quotes');
    i = skipSpace(text, string(text, i + 1));
    if (text[i] !== ':') throw new Refusal(i, "Expecting ':' delimiter");
    i = skipSpace(text, value(text, skipSpace(text, i + 1)));
    if (text[i] === '}') return i + 1;
    if (text[i] !== ',') throw new Refusal(i, "Expecting ',' delimiter");
    i = skipSpace(text, i + 1);
  }
}

function array(text: string, at: number): number {
  let i = skipSpace(text, at);
  if (text[i] === ']') return i + 1;
  for (;;) {
    i = skipSpace(text, value(text, i));
    if (text[i] === ']') return i + 1;
    if (text[i] !== ',') throw new Refusal(i, "Expecting ',' delimiter");
    i = skipSpace(text, i + 1);
  }
}
