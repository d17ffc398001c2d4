/**
 * JSON text longer than one string can be. V8 caps a string at about 512 MiB, and the state of
 * 100,000 running workloads is more than that, so it can be neither JSON.stringify'd nor read back
 * with one JSON.parse. These write and read the same text in pieces.
 */

/**
 * Containers less deep than this are written and read member by member, deeper values whole: a state
 * document's records (a workload, a proton) sit at this depth.
 */
const WRITTEN_WHOLE_BELOW = 4;

function descends(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && !('toJSON' in value);
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** The text of JSON.stringify(value), in pieces none of which holds more than one record. */
export function* jsonPieces(value: unknown, depth = 0): Generator<string> {
  if (depth >= WRITTEN_WHOLE_BELOW || !descends(value)) {
    yield JSON.stringify(value);
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item = value[i];
      if (omitted(item)) yield 'null';
      else yield* jsonPieces(item, depth + 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (omitted(member)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(member, depth + 1);
  }
  yield '}';
}

/** jsonPieces gathered into strings of about `size` characters, for writing. */
export function* jsonBatches(value: unknown, size = 1 << 20): Generator<string> {
  let batch = '';
  for (const piece of jsonPieces(value)) {
    batch += piece;
    if (batch.length >= size) {
      yield batch;
      batch = '';
    }
  }
  if (batch.length > 0) yield batch;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Text up to this many bytes is read with one JSON.parse. */
const PARSED_WHOLE_UP_TO = 256 * 1024 * 1024;

/**
 * JSON.parse of UTF-8 bytes of any length a Buffer holds. Text up to `wholeUpTo` bytes is parsed in
 * one go; longer text is walked down to its records, each parsed on its own. A SyntaxError names
 * the byte where the text goes wrong.
 */
export function parseJsonBytes(bytes: Buffer, wholeUpTo = PARSED_WHOLE_UP_TO): unknown {
  if (bytes.length <= wholeUpTo) return JSON.parse(bytes.toString('utf8'));
  return new PieceReader(bytes, wholeUpTo).document();
}

class PieceReader {
  constructor(
    private readonly bytes: Buffer,
    private readonly wholeUpTo: number,
  ) {}

  document(): unknown {
    const [value, end] = this.value(this.skipSpace(0), 0);
    const after = this.skipSpace(end);
    if (after < this.bytes.length) throw this.unexpected(after);
    return value;
  }

  /** The value starting at `start`, and where it ends. */
  private value(start: number, depth: number): [unknown, number] {
    const byte = this.bytes[start];
    const container = byte === OPEN_BRACE || byte === OPEN_BRACKET;
    if (container && depth < WRITTEN_WHOLE_BELOW) return this.container(start, depth);
    const end = this.end(start);
    if (container && end - start > this.wholeUpTo) return this.container(start, depth);
    return [this.parse(start, end), end];
  }

  private container(start: number, depth: number): [unknown, number] {
    const isArray = this.bytes[start] === OPEN_BRACKET;
    const close = isArray ? CLOSE_BRACKET : CLOSE_BRACE;
    const items: unknown[] = [];
    const members: Record<string, unknown> = {};
    let at = this.skipSpace(start + 1);
    if (this.bytes[at] === close) return [isArray ? items : members, at + 1];
    for (;;) {
      let key = '';
      if (!isArray) {
        if (this.bytes[at] !== QUOTE) throw this.unexpected(at);
        const keyEnd = this.stringEnd(at);
        key = this.parse(at, keyEnd) as string;
        at = this.skipSpace(keyEnd);
        if (this.bytes[at] !== COLON) throw this.unexpected(at);
        at = this.skipSpace(at + 1);
      }
      const [item, end] = this.value(at, depth + 1);
      if (isArray) items.push(item);
      // As JSON.parse does: a "__proto__" key is a member like any other, not the prototype.
      else
        Object.defineProperty(members, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      at = this.skipSpace(end);
      if (this.bytes[at] === close) return [isArray ? items : members, at + 1];
      if (this.bytes[at] !== COMMA) throw this.unexpected(at);
      at = this.skipSpace(at + 1);
    }
  }

  /** Where the value starting at `start` ends; only its nesting and strings are checked here. */
  private end(start: number): number {
    const { bytes } = this;
    const first = bytes[start];
    if (first === QUOTE) return this.stringEnd(start);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      let at = start;
      while (at < bytes.length) {
        const byte = bytes[at];
        if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
        at++;
      }
      if (at === start) throw this.unexpected(start);
      return at;
    }
    let depth = 0;
    let at = start;
    while (at < bytes.length) {
      const byte = bytes[at];
      if (byte === QUOTE) {
        at = this.stringEnd(at);
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) return at + 1;
      at++;
    }
    throw this.endOfInput();
  }

  private stringEnd(start: number): number {
    let from = start + 1;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, from);
      if (quote < 0) throw this.endOfInput();
      let escapes = 0;
      while (this.bytes[quote - 1 - escapes] === BACKSLASH) escapes++;
      if (escapes % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }

  private skipSpace(at: number): number {
    while (isSpace(this.bytes[at])) at++;
    return at;
  }

  private parse(start: number, end: number): unknown {
    try {
      return JSON.parse(this.bytes.toString('utf8', start, end));
    } catch (error) {
      throw new SyntaxError(`${(error as Error).message} (in the value at byte ${start})`);
    }
  }

  private unexpected(at: number): SyntaxError {
    if (at >= this.bytes.length) return this.endOfInput();
    return new SyntaxError(
      `Unexpected ${JSON.stringify(String.fromCharCode(this.bytes[at]!))} at byte ${at}`,
    );
  }

  private endOfInput(): SyntaxError {
    return new SyntaxError(`Unexpected end of JSON input at byte ${this.bytes.length}`);
  }
}
