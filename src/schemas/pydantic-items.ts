import { z } from 'zod';
import { toValidationItems, type ValidationItem, withoutExtraComplaints } from '../errors.js';
import { laxScalar } from './common.js';

/**
 * A failed request's zod issues as pydantic's items, which only the schema can tell: where a
 * discriminated union's tag goes in a location, the tags of a plain union's members, whether an
 * enumeration is named (an Enum) or inline (a Literal). Used once a request has failed, never on
 * the way of one that passes.
 */

/** The schema a wrapper (optional, nullable, default, a preprocessing pipe...) checks with, or null. */
export function innerOf(node: z.ZodType): z.ZodType | null {
  if (
    node instanceof z.ZodOptional ||
    node instanceof z.ZodNullable ||
    node instanceof z.ZodDefault ||
    node instanceof z.ZodReadonly ||
    node instanceof z.ZodCatch
  ) {
    return node.def.innerType as z.ZodType;
  }
  if (node instanceof z.ZodPipe) {
    const input = node.def.in as z.ZodType;
    return input instanceof z.ZodTransform ? (node.def.out as z.ZodType) : input;
  }
  if (node instanceof z.ZodLazy) return node.def.getter() as z.ZodType;
  return null;
}

/** What a failed value meets along an error's location. */
interface Located {
  /** The schema at the location, or null where the location leaves the schema (an extra key, say). */
  leaf: z.ZodType | null;
  /** The value there, as the schema there sees it (after the preprocessing on the way). */
  value: unknown;
  /** Where pydantic writes a discriminated union's tag into the location: after the union's own place. */
  tags: { at: number; tag: string }[];
  /** The first plain union on the way (the outermost), with its place and the value it took. */
  union: { depth: number; node: z.ZodUnion; value: unknown } | null;
}

/** A preprocessing step, applied as parsing would, so the unions further in see what they see. */
function preprocessed(transform: z.ZodTransform, value: unknown): unknown {
  try {
    const out = transform.def.transform(value, { value, issues: [] });
    return out instanceof Promise ? value : out;
  } catch {
    return value;
  }
}

function member(value: unknown, key: string | number): unknown {
  return value !== null && typeof value === 'object'
    ? (value as Record<PropertyKey, unknown>)[key]
    : undefined;
}

/**
 * Follows a location through the schema and the value: through objects, lists, records, wrappers,
 * a discriminated union's member (by the value's tag) and a plain union's (by the member's tag in
 * the location, else the first member that has the location).
 */
function locate(schema: z.ZodType, data: unknown, path: readonly (string | number)[]): Located {
  const tags: Located['tags'] = [];
  let union: Located['union'] = null;
  const walk = (
    start: z.ZodType,
    startValue: unknown,
    startDepth: number,
  ): { leaf: z.ZodType; value: unknown } | null => {
    let node = start;
    let value = startValue;
    let depth = startDepth;
    for (let steps = 0; steps < 256; steps++) {
      if (node instanceof z.ZodPipe && node.def.in instanceof z.ZodTransform) {
        value = preprocessed(node.def.in, value);
        node = node.def.out as z.ZodType;
        continue;
      }
      const inner = innerOf(node);
      if (inner) {
        node = inner;
        continue;
      }
      if (node instanceof z.ZodDiscriminatedUnion) {
        const key = node.def.discriminator;
        const tag = member(value, key);
        const option = (node.def.options as z.ZodType[]).find((o) =>
          o._zod.propValues?.[key]?.has(tag as z.core.util.Primitive),
        );
        if (!option || depth === path.length) return { leaf: node, value };
        tags.push({ at: depth, tag: String(tag) });
        node = option;
        continue;
      }
      if (node instanceof z.ZodUnion) {
        union ??= { depth, node, value };
        if (depth === path.length) return { leaf: node, value };
        const options = node.def.options as z.ZodType[];
        const tagged = options.find((option) => memberTag(option) === path[depth]);
        if (tagged) {
          node = tagged;
          depth++;
          continue;
        }
        const before = tags.length;
        for (const option of options) {
          const found = walk(option, value, depth);
          if (found) return found;
          tags.length = before;
        }
        return null;
      }
      if (depth === path.length) return { leaf: node, value };
      const key = path[depth]!;
      if (node instanceof z.ZodObject && typeof key === 'string' && Object.hasOwn(node.shape, key)) {
        node = node.shape[key] as z.ZodType;
      } else if (node instanceof z.ZodArray && typeof key === 'number') {
        node = node.element as z.ZodType;
      } else if (node instanceof z.ZodRecord) {
        node = node.def.valueType as z.ZodType;
      } else {
        return null;
      }
      value = member(value, key);
      depth++;
    }
    return null;
  };
  const found = walk(schema, data, 0);
  return { leaf: found?.leaf ?? null, value: found?.value, tags, union };
}

/** A schema's name in the document (its own, or that of the schema it was derived from). */
function nameOf(node: z.ZodType): string | undefined {
  for (let at: z.core.$ZodType | undefined = node; at; at = at._zod.parent) {
    const id = z.globalRegistry.get(at)?.id;
    if (id !== undefined) return id;
  }
  return undefined;
}

/** Whether a schema constrains its values beyond its type (an integer's own check aside). */
function constrained(node: z.ZodType): boolean {
  return (node.def.checks ?? []).some((check) => {
    const def = check._zod.def as { check: string; format?: string };
    return !(def.check === 'number_format' && def.format === 'safeint');
  });
}

/** The schema under a node's wrappers (optional, nullable, default...). */
function unwrapped(node: z.ZodType): z.ZodType {
  let inner = node;
  for (let next = innerOf(inner); next; next = innerOf(inner)) inner = next;
  return inner;
}

/** The tag pydantic gives a union member in an error's location (a model's name, `constrained-str`...), where it can be told. */
function memberTag(option: z.ZodType): string | undefined {
  const node = unwrapped(option);
  if (node instanceof z.ZodObject) return nameOf(node);
  const kind = (plain: string) => (constrained(node) ? `constrained-${plain}` : plain);
  if (node instanceof z.ZodString) return kind('str');
  if (node instanceof z.ZodNumber) return kind(node.isInt ? 'int' : 'float');
  if (node instanceof z.ZodBoolean) return 'bool';
  return undefined;
}

/**
 * The value as a union's member reads it in pydantic's lax pass: a number member reads text such as
 * "-5" as the number, and then refuses it on its own checks (greater_than_equal, not int_parsing).
 */
function asMemberReads(option: z.ZodType, value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'boolean') return value;
  const node = unwrapped(option);
  if (!(node instanceof z.ZodNumber)) return value;
  return laxScalar(value, node.isInt ? 'int' : 'number') ?? value;
}

/** The plain union an issue's path passes through first, when pydantic can tag each of its members. */
function unionOnPath(
  schema: z.ZodType,
  data: unknown,
  path: readonly PropertyKey[],
): { loc: (string | number)[]; options: z.ZodType[]; tags: string[]; value: unknown } | null {
  const { union } = locate(schema, data, path as readonly (string | number)[]);
  if (union === null) return null;
  const options = union.node.def.options as z.ZodType[];
  const tags = options.map(memberTag);
  if (tags.some((tag) => tag === undefined)) return null;
  return {
    loc: path.slice(0, union.depth) as (string | number)[],
    options,
    tags: tags as string[],
    value: union.value,
  };
}

/**
 * Issues as pydantic reports them. Where a value fails a plain union, pydantic reports every
 * member's errors, each under the member's tag; zod reports one member's (or, when only one member
 * took the value's type, that member's alone, without saying it was a union).
 */
export function pydanticItems(
  schema: z.ZodType,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
): ValidationItem[] {
  const items: ValidationItem[] = [];
  const expanded = new Set<string>();
  for (const issue of withoutExtraComplaints(issues)) {
    const union = unionOnPath(schema, data, issue.path);
    const key = union ? JSON.stringify(union.loc) : '';
    if (union && expanded.has(key)) continue;
    const values = union?.options.map((option) => asMemberReads(option, union.value));
    const members = union?.options.map((option, i) => option.safeParse(values![i], { reportInput: true }));
    // A member that takes the value: the issue is another check's (a refinement's, say).
    if (!union || !members || members.some((parsed) => parsed.success)) {
      items.push(...toValidationItems([issue]));
      continue;
    }
    expanded.add(key);
    members.forEach((parsed, i) => {
      if (parsed.success) return;
      const option = union.options[i]!;
      for (const item of pydanticItems(option, values![i], parsed.error.issues))
        items.push({ ...item, loc: [...union.loc, union.tags[i]!, ...item.loc] });
    });
  }
  return items;
}

/**
 * Items as pydantic locates and types them, which only the schema can tell: a discriminated union's
 * tag stands in the location of an error inside it (`spec`, `service`, `containerGroups`...), and a
 * value outside a set is an `enum` error for a named enumeration (a Python Enum) but a
 * `literal_error` for one written inline (a Literal).
 */
export function asPydanticLocates(
  schema: z.ZodType,
  data: unknown,
  items: ValidationItem[],
): ValidationItem[] {
  return items.map((item) => {
    const { leaf, tags } = locate(schema, data, item.loc);
    let located = item;
    if (
      (item.type === 'enum' || item.type === 'literal_error') &&
      (leaf instanceof z.ZodEnum || leaf instanceof z.ZodLiteral)
    ) {
      const type = nameOf(leaf) !== undefined ? 'enum' : 'literal_error';
      if (type !== item.type) located = { ...item, type };
    }
    if (tags.length === 0) return located;
    const loc = [...located.loc];
    for (const { at, tag } of tags.reverse()) loc.splice(at, 0, tag);
    return { ...located, loc };
  });
}

export const INT_PARSING = 'Input should be a valid integer, unable to parse string as an integer';

/**
 * An item as pydantic words it for an integer field, which zod reports as a number: text that is no
 * integer is int_parsing, another type int_type.
 */
export function asIntegerItem(
  item: ValidationItem,
  takesIntegerAt: (loc: readonly (string | number)[]) => boolean,
): ValidationItem {
  if (item.type !== 'float_parsing' && item.type !== 'float_type') return item;
  if (!takesIntegerAt(item.loc)) return item;
  return item.type === 'float_parsing'
    ? { loc: item.loc, msg: INT_PARSING, type: 'int_parsing' }
    : { loc: item.loc, msg: 'Input should be a valid integer', type: 'int_type' };
}

/** Whether the schema takes an integer at a location (as the issues give it: union members' tags in). */
export function takesInteger(schema: z.ZodType, data: unknown, loc: readonly (string | number)[]): boolean {
  const { leaf } = locate(schema, data, loc);
  return leaf instanceof z.ZodNumber && leaf.isInt;
}
