/** "1 minute", "2 minutes": a count and its word, for messages. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
