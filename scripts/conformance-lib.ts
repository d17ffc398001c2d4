/**
 * Compares the mock's OpenAPI document with the public reference: paths (modulo /api/v2),
 * operations, operation ids, parameters, status codes, content types, schema names, required
 * fields, property names and types, and enums.
 *
 * Every difference is reported. A difference is `compatible` when a client written against the
 * reference cannot notice it (a response promising more required fields than the reference, a
 * request requiring fewer, an error status the mock never answers, an optional query parameter
 * only the mock reads); the others fail the check unless the allowed-differences file lists them.
 */
import { API_PREFIX, type Json, type JsonObject, SCHEMA_REF } from './reference.js';

export interface Difference {
  /** What the difference is about: an operation, a parameter, a schema or one of its properties. */
  where: string;
  what: string;
  compatible: boolean;
}

export function keyOf(difference: Difference): string {
  return `${difference.where}: ${difference.what}`;
}

type Direction = 'request' | 'response' | 'both';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Shape {
  types: Set<string>;
  nullable: boolean;
  /** Object schemas referred to by name. */
  refs: Set<string>;
  /** Allowed values, when the schema is an enumeration (or a union of constants). */
  values: Set<string> | null;
  /** Named enumerations referred to (their values are compared once, at the component level). */
  enumRefs: Set<string>;
  any: boolean;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

class Doc {
  readonly schemas: JsonObject;

  constructor(readonly document: JsonObject) {
    this.schemas = ((document.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  }

  refName(schema: Json | undefined): string | null {
    if (!isObject(schema) || typeof schema.$ref !== 'string' || !schema.$ref.startsWith(SCHEMA_REF))
      return null;
    return schema.$ref.slice(SCHEMA_REF.length);
  }

  /**
   * The concept a schema name stands for: the mock's document names the response variant of a
   * schema whose request and response differ `XOutput`; it is the same concept as `X`.
   */
  canonical(name: string): string {
    if (name.endsWith('Output') && this.schemas[name.slice(0, -'Output'.length)] !== undefined) {
      return name.slice(0, -'Output'.length);
    }
    return name;
  }

  /** The schema of a concept as it travels in responses: `XOutput` where the document has one. */
  responseVariant(name: string): Json | undefined {
    return this.schemas[`${name}Output`] ?? this.schemas[name];
  }

  resolve(schema: Json | undefined, depth = 0): JsonObject {
    const name = this.refName(schema);
    if (name && depth < 20) return this.resolve(this.schemas[name], depth + 1);
    return isObject(schema) ? schema : {};
  }

  /** An enumeration: `enum`, a `const`, or a union of those (references to enumerations expanded). */
  private enumValues(schema: Json | undefined, depth = 0): Set<string> | null {
    const s = this.resolve(schema, depth);
    if (Array.isArray(s.enum)) return new Set(s.enum.filter((v) => v !== null).map(String));
    if (s.const !== undefined) return new Set([String(s.const)]);
    const branches = [...asArray(s.anyOf), ...asArray(s.oneOf)].filter(
      (b) => !(isObject(b) && b.type === 'null'),
    );
    if (branches.length === 0) return null;
    const values = new Set<string>();
    for (const branch of branches) {
      const inner = this.enumValues(branch, depth + 1);
      if (!inner) return null;
      for (const value of inner) values.add(value);
    }
    return values;
  }

  shape(schema: Json | undefined): Shape {
    const shape: Shape = {
      types: new Set(),
      nullable: false,
      refs: new Set(),
      values: null,
      enumRefs: new Set(),
      any: false,
    };
    const values = this.enumValues(schema);
    const visit = (node: Json | undefined, depth: number) => {
      if (!isObject(node) || depth > 20) return;
      const name = this.refName(node);
      if (name) {
        const target = this.resolve(node);
        if (this.enumValues(target)) {
          shape.enumRefs.add(this.canonical(name));
          for (const type of typesOf(target)) shape.types.add(type);
          if (shape.types.size === 0) shape.types.add('string');
        } else {
          shape.refs.add(this.canonical(name));
        }
        return;
      }
      const branches = [...asArray(node.anyOf), ...asArray(node.oneOf), ...asArray(node.allOf)];
      for (const branch of branches) visit(branch, depth + 1);
      for (const type of typesOf(node)) {
        if (type === 'null') shape.nullable = true;
        else shape.types.add(type);
      }
      if (node.const !== undefined && typesOf(node).length === 0) shape.types.add(typeof node.const);
      if (node.const === null || (Array.isArray(node.enum) && node.enum.includes(null)))
        shape.nullable = true;
      if (branches.length === 0 && typesOf(node).length === 0 && node.const === undefined && !node.enum) {
        shape.any = true;
      }
    };
    visit(schema, 0);
    shape.values = values;
    return shape;
  }

  /** Properties and required fields of an object schema (allOf merged). */
  object(schema: Json | undefined): { properties: JsonObject; required: Set<string> } | null {
    const s = this.resolve(schema);
    const parts = [s, ...asArray(s.allOf).map((part) => this.resolve(part))];
    const properties: JsonObject = {};
    const required = new Set<string>();
    let isObj = false;
    for (const part of parts) {
      if (isObject(part.properties)) {
        isObj = true;
        Object.assign(properties, part.properties);
      }
      for (const name of asArray(part.required)) required.add(String(name));
      if (part.type === 'object') isObj = true;
    }
    return isObj ? { properties, required } : null;
  }

  /** The single non-null variant of a nullable union, for looking inside it. */
  unwrap(schema: Json | undefined): Json | undefined {
    const s = isObject(schema) ? schema : {};
    if (this.refName(s)) return s;
    const branches = [...asArray(s.anyOf), ...asArray(s.oneOf)].filter(
      (b) => !(isObject(b) && b.type === 'null'),
    );
    return branches.length === 1 ? branches[0] : s;
  }
}

function typesOf(schema: JsonObject): string[] {
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return typeof schema.type === 'string' ? [schema.type] : [];
}

function describe(shape: Shape): string {
  const parts = [...shape.types].sort();
  for (const ref of [...shape.refs].sort()) parts.push(ref);
  if (shape.any) parts.push('any');
  if (shape.nullable) parts.push('null');
  return parts.join(' | ') || 'nothing';
}

/** Does every value of `inner` fit `outer`? (integer fits number) */
function fits(inner: Shape, outer: Shape): boolean {
  if (outer.any) return true;
  if (inner.any) return false;
  if (inner.nullable && !outer.nullable) return false;
  for (const type of inner.types) {
    if (outer.types.has(type)) continue;
    if (type === 'integer' && outer.types.has('number')) continue;
    return false;
  }
  for (const ref of inner.refs) if (!outer.refs.has(ref)) return false;
  return true;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}

/** Which way each named schema of the reference travels: in requests, in responses, or both. */
function directions(doc: Doc): Map<string, Direction> {
  const out = new Map<string, Direction>();
  const mark = (schema: Json | undefined, direction: 'request' | 'response', seen: Set<string>) => {
    const visit = (node: Json | undefined) => {
      if (Array.isArray(node)) {
        for (const item of node) visit(item);
        return;
      }
      if (!isObject(node)) return;
      const name = doc.refName(node);
      if (name) {
        if (seen.has(name)) return;
        seen.add(name);
        const before = out.get(name);
        out.set(name, before && before !== direction ? 'both' : direction);
        visit(doc.schemas[name]);
        return;
      }
      for (const child of Object.values(node)) visit(child);
    };
    visit(schema);
  };
  for (const [, item] of Object.entries((doc.document.paths ?? {}) as JsonObject)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      for (const param of asArray(op.parameters))
        mark(isObject(param) ? param.schema : undefined, 'request', new Set());
      mark((op.requestBody as JsonObject | undefined)?.content, 'request', new Set());
      for (const response of Object.values((op.responses ?? {}) as JsonObject)) {
        mark(isObject(response) ? response.content : undefined, 'response', new Set());
      }
    }
  }
  return out;
}

interface Operation {
  method: string;
  path: string;
  op: JsonObject;
}

function operations(doc: Doc, prefix: string): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [rawPath, item] of Object.entries((doc.document.paths ?? {}) as JsonObject)) {
    if (!isObject(item)) continue;
    const path = prefix && rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
    for (const method of METHODS) {
      const op = item[method];
      if (isObject(op)) out.set(`${method.toUpperCase()} ${path}`, { method, path, op });
    }
  }
  return out;
}

export class Comparison {
  readonly differences: Difference[] = [];
  private readonly ref: Doc;
  private readonly mock: Doc;
  private readonly refDirections: Map<string, Direction>;

  constructor(reference: JsonObject, mock: JsonObject) {
    this.ref = new Doc(reference);
    this.mock = new Doc(mock);
    this.refDirections = directions(this.ref);
  }

  private add(where: string, what: string, compatible = false): void {
    this.differences.push({ where, what, compatible });
  }

  run(): Difference[] {
    this.compareOperations();
    this.compareSchemas();
    return this.differences;
  }

  private compareOperations(): void {
    const refOps = operations(this.ref, '');
    const mockOps = operations(this.mock, API_PREFIX);
    for (const [key, refOp] of refOps) {
      const mockOp = mockOps.get(key);
      if (!mockOp) {
        this.add(key, 'operation missing from the mock');
        continue;
      }
      this.compareOperation(key, refOp.op, mockOp.op);
    }
    for (const [key, mockOp] of mockOps) {
      if (refOps.has(key)) continue;
      const outside = !Object.keys((this.mock.document.paths ?? {}) as JsonObject).some(
        (p) => p === `${API_PREFIX}${mockOp.path}`,
      );
      this.add(key, outside ? 'operation only in the mock (outside /api/v2)' : 'operation only in the mock');
    }
  }

  private compareOperation(key: string, ref: JsonObject, mock: JsonObject): void {
    if (ref.operationId !== mock.operationId) {
      this.add(
        key,
        `operationId is ${String(mock.operationId)} in the mock, ${String(ref.operationId)} in the reference`,
      );
    }
    this.compareParameters(key, asArray(ref.parameters), asArray(mock.parameters));
    this.compareRequestBody(key, ref.requestBody, mock.requestBody);
    this.compareResponses(key, (ref.responses ?? {}) as JsonObject, (mock.responses ?? {}) as JsonObject);
  }

  private compareParameters(key: string, ref: Json[], mock: Json[]): void {
    const index = (params: Json[], doc: Doc) => {
      const out = new Map<string, JsonObject>();
      for (const raw of params) {
        const param = doc.resolve(raw);
        out.set(`${String(param.in)} parameter ${String(param.name)}`, param);
      }
      return out;
    };
    const refParams = index(ref, this.ref);
    const mockParams = index(mock, this.mock);
    for (const [name, refParam] of refParams) {
      const mockParam = mockParams.get(name);
      const where = `${key} ${name}`;
      if (!mockParam) {
        this.add(where, 'missing from the mock');
        continue;
      }
      if (mockParam.required && !refParam.required) this.add(where, 'required by the mock only');
      if (!mockParam.required && refParam.required) this.add(where, 'required by the reference only', true);
      // A query or path parameter is text or absent: null in its schema means "may be left out".
      this.compareSchema(where, refParam.schema, mockParam.schema, 'request', false, 0, true);
    }
    for (const [name, mockParam] of mockParams) {
      if (refParams.has(name)) continue;
      this.add(`${key} ${name}`, 'only in the mock', mockParam.in === 'query' && mockParam.required !== true);
    }
  }

  private compareRequestBody(key: string, ref: Json | undefined, mock: Json | undefined): void {
    const refBody = isObject(ref) ? ref : null;
    const mockBody = isObject(mock) ? mock : null;
    if (!refBody && !mockBody) return;
    if (!mockBody) {
      this.add(key, 'request body missing from the mock');
      return;
    }
    if (!refBody) {
      this.add(key, 'request body only in the mock', mockBody.required !== true);
      return;
    }
    if (mockBody.required === true && refBody.required !== true)
      this.add(key, 'request body required by the mock only');
    const refContent = (refBody.content ?? {}) as JsonObject;
    const mockContent = (mockBody.content ?? {}) as JsonObject;
    for (const type of Object.keys(refContent)) {
      if (!mockContent[type]) {
        this.add(key, `request body: ${type} missing from the mock`);
        continue;
      }
      this.compareSchema(
        `${key} request body`,
        (refContent[type] as JsonObject).schema,
        (mockContent[type] as JsonObject).schema,
        'request',
      );
    }
  }

  private compareResponses(key: string, ref: JsonObject, mock: JsonObject): void {
    const statuses = new Set([...Object.keys(ref), ...Object.keys(mock)]);
    for (const status of [...statuses].sort()) {
      const success = status.startsWith('2');
      const refResponse = ref[status];
      const mockResponse = mock[status];
      if (!mockResponse) {
        this.add(key, `status ${status} missing from the mock`, !success);
        continue;
      }
      if (!refResponse) {
        this.add(key, `status ${status} only in the mock`);
        continue;
      }
      if (!success) continue; // error bodies are the wire convention's ({"detail": ...}), not compared
      const refContent = ((refResponse as JsonObject).content ?? {}) as JsonObject;
      const mockContent = ((mockResponse as JsonObject).content ?? {}) as JsonObject;
      for (const type of new Set([...Object.keys(refContent), ...Object.keys(mockContent)])) {
        if (!mockContent[type]) {
          this.add(key, `status ${status}: ${type} body missing from the mock`);
          continue;
        }
        if (!refContent[type]) {
          this.add(key, `status ${status}: ${type} body only in the mock`);
          continue;
        }
        this.compareSchema(
          `${key} status ${status}`,
          (refContent[type] as JsonObject).schema,
          (mockContent[type] as JsonObject).schema,
          'response',
        );
      }
    }
  }

  private compareSchemas(): void {
    for (const name of Object.keys(this.ref.schemas)) {
      if (this.mock.schemas[name] === undefined) {
        this.add(`schema ${name}`, 'missing from the mock');
        continue;
      }
      // The reference has one schema per concept for both directions; the mock may have two.
      const direction = this.refDirections.get(name) ?? 'both';
      if (direction !== 'request') {
        this.compareSchema(
          `schema ${name}`,
          this.ref.schemas[name],
          this.mock.responseVariant(name),
          'response',
          true,
        );
      }
      if (direction !== 'response') {
        this.compareSchema(
          `schema ${name}`,
          this.ref.schemas[name],
          this.mock.schemas[name],
          'request',
          true,
        );
      }
    }
    for (const name of Object.keys(this.mock.schemas)) {
      if (this.ref.schemas[name] !== undefined) continue;
      const concept = this.mock.canonical(name);
      this.add(
        `schema ${name}`,
        concept === name ? 'only in the mock' : `only in the mock (the response variant of ${concept})`,
        true,
      );
    }
  }

  /**
   * Compares two schemas. Named object schemas referred to on both sides are compared once, at
   * the component level; `top` compares the body of a named schema itself.
   */
  private compareSchema(
    where: string,
    refSchema: Json | undefined,
    mockSchema: Json | undefined,
    direction: Direction,
    top = false,
    depth = 0,
    ignoreNull = false,
  ): void {
    if (depth > 12) return;
    const refShape = this.ref.shape(refSchema);
    const mockShape = this.mock.shape(mockSchema);
    if (ignoreNull) {
      refShape.nullable = false;
      mockShape.nullable = false;
    }
    const typeOk =
      direction === 'response'
        ? fits(mockShape, refShape)
        : direction === 'request'
          ? fits(refShape, mockShape)
          : fits(mockShape, refShape) && fits(refShape, mockShape);
    if (!typeOk) {
      this.add(where, `type is ${describe(mockShape)} in the mock, ${describe(refShape)} in the reference`);
    } else if (!sameShape(refShape, mockShape)) {
      this.add(
        where,
        `type is ${describe(mockShape)} in the mock, ${describe(refShape)} in the reference`,
        true,
      );
    }
    const sameEnum = refShape.enumRefs.size > 0 && sameSet(refShape.enumRefs, mockShape.enumRefs);
    if (!sameEnum && (refShape.values || mockShape.values)) {
      this.compareValues(where, refShape.values, mockShape.values, direction);
    }
    // Named objects on both sides are compared at the component level.
    if (!top && refShape.refs.size > 0 && mockShape.refs.size > 0) return;
    const refInner = this.ref.unwrap(refSchema);
    const mockInner = this.mock.unwrap(mockSchema);
    const refObject = this.ref.object(top ? refSchema : refInner);
    const mockObject = this.mock.object(top ? mockSchema : mockInner);
    if (refObject && mockObject) this.compareObject(where, refObject, mockObject, direction, depth);
    const refItems = this.ref.resolve(refInner).items;
    const mockItems = this.mock.resolve(mockInner).items;
    if (refItems !== undefined && mockItems !== undefined) {
      this.compareSchema(`${where}[]`, refItems, mockItems, direction, false, depth + 1, ignoreNull);
    }
  }

  private compareValues(
    where: string,
    ref: Set<string> | null,
    mock: Set<string> | null,
    direction: Direction,
  ): void {
    if (!ref || !mock) {
      if (ref && !mock)
        this.add(where, 'an enumeration in the reference, open in the mock', direction === 'request');
      if (!ref && mock)
        this.add(where, 'an enumeration in the mock, open in the reference', direction === 'response');
      return;
    }
    const extra = [...mock].filter((v) => !ref.has(v));
    const missing = [...ref].filter((v) => !mock.has(v));
    for (const value of extra)
      this.add(where, `enum value "${value}" only in the mock`, direction === 'request');
    for (const value of missing)
      this.add(where, `enum value "${value}" missing from the mock`, direction === 'response');
  }

  private compareObject(
    where: string,
    ref: { properties: JsonObject; required: Set<string> },
    mock: { properties: JsonObject; required: Set<string> },
    direction: Direction,
    depth: number,
  ): void {
    for (const [name, refProperty] of Object.entries(ref.properties)) {
      const mockProperty = mock.properties[name];
      const here = `${where}.${name}`;
      if (mockProperty === undefined) {
        this.add(here, 'property missing from the mock');
        continue;
      }
      const refRequired = ref.required.has(name);
      const mockRequired = mock.required.has(name);
      if (refRequired && !mockRequired) {
        this.add(here, 'required in the reference only', direction === 'request');
      } else if (!refRequired && mockRequired) {
        this.add(here, 'required in the mock only', direction === 'response');
      }
      this.compareSchema(here, refProperty, mockProperty, direction, false, depth + 1);
    }
    for (const name of Object.keys(mock.properties)) {
      if (ref.properties[name] === undefined) {
        this.add(`${where}.${name}`, 'property only in the mock', direction === 'request');
      }
    }
  }
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.nullable === b.nullable && a.any === b.any && sameSet(a.types, b.types) && sameSet(a.refs, b.refs);
}

export function compare(reference: JsonObject, mock: JsonObject): Difference[] {
  const differences = new Comparison(reference, mock).run();
  const seen = new Set<string>();
  return differences.filter((d) => {
    const key = keyOf(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface AllowedDifference {
  /** Globs on difference keys (`*` any run of characters); the entry allows what any of them matches. */
  match: readonly string[];
  reason: string;
}

export function globMatches(glob: string, key: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${pattern}$`).test(key);
}

export function allowedBy(key: string, allowed: readonly AllowedDifference[]): AllowedDifference | undefined {
  return allowed.find((entry) => entry.match.some((glob) => globMatches(glob, key)));
}
