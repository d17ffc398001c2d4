import http from 'node:http';
import { StreamMessage, type StreamMessageValue } from '../src/schemas/stream.js';

export interface SseMessage {
  id: string | null;
  event: string;
  data: StreamMessageValue;
}

/**
 * A test client of GET /_mock/stream over a real socket: parses the event-stream framing, checks each
 * message against its schema, and lets a test wait for a message (by event, never by time).
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  retry: number | null = null;
  ended = false;
  private buffer = '';
  private request: http.ClientRequest | null = null;
  private waiters: { predicate: () => boolean; resolve: () => void; reject: (error: Error) => void }[] = [];

  private constructor(
    readonly statusCode: number,
    readonly headers: http.IncomingHttpHeaders,
  ) {}

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        const client = new SseClient(response.statusCode ?? 0, response.headers);
        client.request = request;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => client.feed(chunk));
        response.on('end', () => client.finish());
        response.on('error', () => client.finish());
        response.on('close', () => client.finish());
        resolve(client);
      });
      request.on('error', reject);
    });
  }

  /** The feed's messages, each numbered (the hello's id is only the stream's starting position). */
  get numbered(): SseMessage[] {
    return this.messages.filter((m) => m.event !== 'hello');
  }

  /** The last id received (kept as messages come: waiters ask on every chunk). */
  lastId: string | null = null;

  of<T extends StreamMessageValue['type']>(type: T): Extract<StreamMessageValue, { type: T }>[] {
    return this.messages
      .map((m) => m.data)
      .filter((d): d is Extract<StreamMessageValue, { type: T }> => d.type === type);
  }

  /** Resolves once `predicate` holds (checked on every message); rejects if the stream ends first. */
  until(predicate: (client: SseClient) => boolean, what = 'a message'): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    if (this.ended) return Promise.reject(new Error(`stream ended before ${what}`));
    return new Promise((resolve, reject) => {
      this.waiters.push({
        predicate: () => predicate(this),
        resolve,
        reject: (error) => reject(new Error(`${error.message} before ${what}`)),
      });
    });
  }

  untilEnded(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ predicate: () => this.ended, resolve, reject: () => resolve() });
    });
  }

  close(): void {
    this.request?.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.parse(block);
    }
    this.check();
  }

  private parse(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') this.retry = Number(value);
    }
    if (data.length === 0) return;
    const parsed = StreamMessage.parse(JSON.parse(data.join('\n')));
    if (parsed.type !== event) throw new Error(`event ${event} carries a ${parsed.type} message`);
    this.messages.push({ id, event, data: parsed });
    if (id !== null) this.lastId = id;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.check();
  }

  private check(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const waiter of pending) {
      if (waiter.predicate()) waiter.resolve();
      else if (this.ended) waiter.reject(new Error('stream ended'));
      else this.waiters.push(waiter);
    }
  }
}
