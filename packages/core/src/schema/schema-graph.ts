import type { JsonSchema } from "./json-schema.js";
import type { SchemaDialect } from "./schema-dialect.js";
import { type SubschemaRelation, subschemaLocations } from "./subschema-locations.js";

/** One subschema of a walked schema, with the subschemas it leads to. */
export interface SchemaNode {
  readonly schema: JsonSchema;
  /** Its JSON Pointer from the root, e.g. `#/$defs/tree/items`. */
  readonly pointer: string;
  /** Nodes applied to the same input value: in-place applicators and `$ref` targets. */
  readonly inPlace: number[];
  /** Nodes applied to a child of the input value, grouped by which children they reach. */
  readonly children: Map<string, number[]>;
}

/** Every subschema of a schema as a graph, built by {@link buildSchemaGraph}. */
export interface SchemaGraph {
  readonly nodes: readonly SchemaNode[];
  /** A `$ref` that points into the schema but not at a subschema, if any. */
  readonly strayReference?: { readonly pointer: string; readonly reference: string };
}

const rootBase = "https://connectorguard.invalid/schema.json";

/**
 * Walks every subschema of `schema` (see `subschemaLocations`) and links each `$ref`,
 * `$dynamicRef` and `$recursiveRef` to the subschemas it can reach: by JSON Pointer from any
 * enclosing resource, by `$id`, `$anchor` and draft-07's `#name` ids; a dynamic reference
 * reaches every `$dynamicAnchor` (or `$recursiveAnchor`) of its name too, which can only
 * over-count. References outside the schema (the dialect's meta-schema) are leaves.
 *
 * @example
 * buildSchemaGraph({ $defs: { a: { type: "string" } }, $ref: "#/$defs/a" }, "2020-12").nodes.length; // 2
 */
export function buildSchemaGraph(schema: JsonSchema, dialect: SchemaDialect): SchemaGraph {
  const nodes: SchemaNode[] = [];
  const byUri = new Map<string, number>();
  const dynamicAnchors = new Map<string, number[]>();
  const references: { from: number; reference: string; base: string; kind: string }[] = [];
  const documents = new Set<string>([rootBase]);

  type Resource = { readonly base: string; readonly segments: readonly string[] };
  const pending: {
    schema: JsonSchema;
    segments: string[];
    resources: Resource[];
    parent?: [number, SubschemaRelation, string?];
  }[] = [{ schema, segments: [], resources: [{ base: rootBase, segments: [] }] }];
  while (pending.length > 0) {
    const {
      schema: current,
      segments,
      resources: enclosing,
      parent,
    } = pending.pop() as (typeof pending)[number];
    const index = nodes.length;
    const node: SchemaNode = {
      schema: current,
      pointer: `#${toPointer(segments)}`,
      inPlace: [],
      children: new Map(),
    };
    nodes.push(node);
    if (parent !== undefined) {
      const [parentIndex, relation, childClass] = parent;
      const parentNode = nodes[parentIndex] as SchemaNode;
      if (relation === "in-place") parentNode.inPlace.push(index);
      else if (relation === "child") {
        const list = parentNode.children.get(childClass as string) ?? [];
        list.push(index);
        parentNode.children.set(childClass as string, list);
      }
    }
    let resources = enclosing;
    for (const resource of enclosing) {
      byUri.set(`${resource.base}#${toPointer(segments.slice(resource.segments.length))}`, index);
    }
    if (typeof current === "object" && current !== null) {
      const record = current as Record<string, unknown>;
      let base = (resources[resources.length - 1] as Resource).base;
      const id = record.$id;
      if (typeof id === "string") {
        if (dialect === "draft-07" && id.startsWith("#")) {
          byUri.set(`${base}${id}`, index);
        } else {
          const resolved = resolveUri(id, base);
          if (resolved !== undefined) {
            base = resolved.split("#")[0] as string;
            documents.add(base);
            resources = [...resources, { base, segments }];
            byUri.set(`${base}#`, index);
          }
        }
      }
      for (const anchorKeyword of ["$anchor", "$dynamicAnchor"]) {
        const anchor = record[anchorKeyword];
        if (typeof anchor === "string") byUri.set(`${base}#${anchor}`, index);
      }
      if (typeof record.$dynamicAnchor === "string") {
        const list = dynamicAnchors.get(`#${record.$dynamicAnchor}`) ?? [];
        dynamicAnchors.set(`#${record.$dynamicAnchor}`, [...list, index]);
      }
      if (record.$recursiveAnchor === true) {
        dynamicAnchors.set("#", [...(dynamicAnchors.get("#") ?? []), index]);
      }
      for (const kind of ["$ref", "$dynamicRef", "$recursiveRef"]) {
        const reference = record[kind];
        if (typeof reference === "string") references.push({ from: index, reference, base, kind });
      }
      const locations = subschemaLocations(current);
      for (let cursor = locations.length - 1; cursor >= 0; cursor--) {
        const location = locations[cursor] as (typeof locations)[number];
        pending.push({
          schema: location.subschema,
          segments: [...segments, ...location.segments],
          resources,
          parent: [index, location.relation, location.childClass],
        });
      }
    }
  }

  let strayReference: SchemaGraph["strayReference"];
  for (const { from, reference, base, kind } of references) {
    const node = nodes[from] as SchemaNode;
    const resolved = resolveUri(reference, base);
    if (resolved === undefined) continue; // ajv refuses the reference itself.
    const [document = "", fragment = ""] = splitFragment(resolved);
    const target = byUri.get(`${document}#${fragment}`);
    if (target !== undefined) node.inPlace.push(target);
    else if (documents.has(document) && strayReference === undefined) {
      strayReference = { pointer: node.pointer, reference };
    }
    if (kind === "$dynamicRef") node.inPlace.push(...(dynamicAnchors.get(`#${fragment}`) ?? []));
    if (kind === "$recursiveRef") {
      node.inPlace.push(...(dynamicAnchors.get("#") ?? []));
      const root = byUri.get(`${document}#`);
      if (root !== undefined && !node.inPlace.includes(root)) node.inPlace.push(root);
    }
  }
  return { nodes, strayReference };
}

function resolveUri(reference: string, base: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    return undefined;
  }
}

function splitFragment(uri: string): [string, string] {
  const hash = uri.indexOf("#");
  if (hash < 0) return [uri, ""];
  let fragment = uri.slice(hash + 1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // Left as written: it then matches nothing, and ajv reports the reference.
  }
  return [uri.slice(0, hash), fragment];
}

function toPointer(segments: readonly string[]): string {
  return segments.map((segment) => `/${segment.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
