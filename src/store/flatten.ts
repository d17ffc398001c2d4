/**
 * V8 keeps a string built by concatenation (a template literal, `+`) as a tree of its parts, 32
 * bytes a node, and keeps the tree for as long as the string lives. Ids, names and log lines live
 * as long as their workload: at 100,000 workloads the trees cost several times the text. A JSON
 * round trip returns one sequential copy (lone surrogates included) and lets the tree go.
 */
export function flatten(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
