import { VigieError } from "../errors.js";
import { openStore } from "../store/index.js";
import type { ActorGraph } from "../store/types.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

export const GRAPH_FORMATS = ["json", "gexf", "graphml"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

const xml = (s: string | number | undefined) =>
  String(s ?? "")
    .replace(/&/gu, "&amp;")
    .replace(/</gu, "&lt;")
    .replace(/>/gu, "&gt;")
    .replace(/"/gu, "&quot;");

/** GEXF 1.3 for Gephi: node and edge attributes declared once, edge weight = count. */
export function toGexf(g: ActorGraph): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    '  <graph defaultedgetype="directed" mode="static">',
    '    <attributes class="node">',
    '      <attribute id="type" title="type" type="string"/>',
    '      <attribute id="country" title="country" type="string"/>',
    '      <attribute id="sector" title="sector" type="string"/>',
    '      <attribute id="events" title="events" type="integer"/>',
    "    </attributes>",
    '    <attributes class="edge">',
    '      <attribute id="category" title="category" type="string"/>',
    '      <attribute id="kind" title="kind" type="string"/>',
    '      <attribute id="first_seen" title="first_seen" type="string"/>',
    '      <attribute id="last_seen" title="last_seen" type="string"/>',
    "    </attributes>",
    "    <nodes>",
  ];
  for (const n of g.nodes) {
    out.push(
      `      <node id="${xml(n.id)}" label="${xml(n.name)}"><attvalues>` +
        `<attvalue for="type" value="${xml(n.type)}"/><attvalue for="country" value="${xml(n.country)}"/>` +
        `<attvalue for="sector" value="${xml(n.sector)}"/><attvalue for="events" value="${n.events}"/>` +
        "</attvalues></node>",
    );
  }
  out.push("    </nodes>", "    <edges>");
  g.edges.forEach((e, i) => {
    out.push(
      `      <edge id="e${i}" source="${xml(e.source)}" target="${xml(e.target)}" label="${xml(e.type)}" weight="${e.count}"><attvalues>` +
        `<attvalue for="category" value="${e.category}"/><attvalue for="kind" value="${xml(e.kind)}"/>` +
        `<attvalue for="first_seen" value="${xml(e.first_seen)}"/><attvalue for="last_seen" value="${xml(e.last_seen)}"/>` +
        "</attvalues></edge>",
    );
  });
  out.push("    </edges>", "  </graph>", "</gexf>", "");
  return out.join("\n");
}

/** GraphML for networkx, igraph, yEd and Cytoscape desktop. */
export function toGraphml(g: ActorGraph): string {
  const keys: [string, string, string, string][] = [
    ["name", "node", "name", "string"],
    ["ntype", "node", "type", "string"],
    ["country", "node", "country", "string"],
    ["sector", "node", "sector", "string"],
    ["events", "node", "events", "int"],
    ["etype", "edge", "type", "string"],
    ["category", "edge", "category", "string"],
    ["kind", "edge", "kind", "string"],
    ["count", "edge", "count", "int"],
    ["first_seen", "edge", "first_seen", "string"],
    ["last_seen", "edge", "last_seen", "string"],
  ];
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys.map(([id, f, name, t]) => `  <key id="${id}" for="${f}" attr.name="${name}" attr.type="${t}"/>`),
    '  <graph id="actors" edgedefault="directed">',
  ];
  const data = (k: string, v: string | number | undefined) =>
    v === undefined ? "" : `<data key="${k}">${xml(v)}</data>`;
  for (const n of g.nodes) {
    out.push(
      `    <node id="${xml(n.id)}">${data("name", n.name)}${data("ntype", n.type)}${data("country", n.country)}` +
        `${data("sector", n.sector)}${data("events", n.events)}</node>`,
    );
  }
  g.edges.forEach((e, i) => {
    out.push(
      `    <edge id="e${i}" source="${xml(e.source)}" target="${xml(e.target)}">${data("etype", e.type)}` +
        `${data("category", e.category)}${data("kind", e.kind)}${data("count", e.count)}` +
        `${data("first_seen", e.first_seen)}${data("last_seen", e.last_seen)}</edge>`,
    );
  });
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}

export interface GraphCliOptions {
  db?: string;
  format: GraphFormat;
  from?: string;
  to?: string;
  minWeight?: number;
}

/** `vigie graph`: the actor network of the store, or of a date window. */
export async function runGraph(opts: GraphCliOptions, io: CliIO): Promise<number> {
  for (const v of [opts.from, opts.to]) {
    if (v !== undefined && !/^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/u.test(v)) {
      throw new VigieError("USAGE", `--from/--to want a date YYYY-MM-DD, YYYY-MM or YYYY, not "${v}"`);
    }
  }
  if (opts.minWeight !== undefined && (!Number.isInteger(opts.minWeight) || opts.minWeight < 1)) {
    throw new VigieError("USAGE", `--min-weight wants a whole number of at least 1`);
  }
  const store = await openStore(opts.db);
  try {
    const g = await store.graph({ from: opts.from, to: opts.to, minWeight: opts.minWeight });
    const text =
      opts.format === "gexf"
        ? toGexf(g)
        : opts.format === "graphml"
          ? toGraphml(g)
          : `${JSON.stringify(g)}\n`;
    await write(io.stdout, text);
  } finally {
    await store.close();
  }
  return EXIT.OK;
}
