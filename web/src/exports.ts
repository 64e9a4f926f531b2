import type { Graph } from "./api.js";
import type { EventRow, Selection } from "./selection.js";

const names = (xs: { name: string }[]) => xs.map((x) => x.name).join("; ");

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? "" : String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(events: EventRow[]): string {
  const header = [
    "id",
    "date",
    "type",
    "mode",
    "cameo",
    "source",
    "target",
    "location",
    "country",
    "lat",
    "lon",
    "modality",
    "reported_by",
    "sources",
    "article",
    "evidence",
  ];
  const rows = events.map((e) =>
    [
      e.id,
      e.date,
      e.type,
      e.mode,
      e.cameo,
      names(e.source),
      names(e.target),
      e.location,
      e.country,
      e.geo?.lat,
      e.geo?.lon,
      e.modality,
      e.reportedBy.join("; "),
      e.sources,
      e.article,
      e.evidence,
    ]
      .map(csvCell)
      .join(","),
  );
  return [header.join(","), ...rows].join("\r\n") + "\r\n";
}

/** PLOVER JSON field names, as `vigie analyze --format plover` writes them. */
export function toPlover(events: EventRow[]): Record<string, unknown>[] {
  return events.map((e) => ({
    id: e.id,
    date: e.date ?? null,
    event: e.type,
    mode: e.mode ?? "",
    context: "",
    actor: names(e.source),
    recipient: names(e.target),
    event_loc: e.location ?? "",
    event_loc_country: e.country ?? "",
    event_text: e.evidence,
    cameo: e.cameo ?? "",
    modality: e.modality,
    reported_by: e.reportedBy.join("; "),
    story_id: e.article,
    sources: e.sources,
  }));
}

export function toGeoJson(events: EventRow[]): Record<string, unknown> {
  return {
    type: "FeatureCollection",
    features: events
      .filter((e) => e.geo)
      .map((e) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [e.geo!.lon, e.geo!.lat] },
        properties: toPlover([e])[0],
      })),
  };
}

/** The actors of the events, linked by one edge per event type and direction. */
export function graphOfEvents(events: EventRow[]): Graph {
  const nodes = new Map<string, Graph["nodes"][number]>();
  const edges = new Map<string, Graph["edges"][number]>();
  for (const e of events) {
    for (const a of [...e.source, ...e.target]) {
      const n = nodes.get(a.id) ?? { id: a.id, name: a.name, type: "", events: 0 };
      n.events++;
      nodes.set(a.id, n);
    }
    for (const s of e.source)
      for (const t of e.target) {
        const key = `${s.id}\u0000${t.id}\u0000${e.type}`;
        const edge = edges.get(key) ?? {
          source: s.id,
          target: t.id,
          type: e.type,
          category: "event" as const,
          count: 0,
        };
        edge.count++;
        edges.set(key, edge);
      }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const xml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

export function toGexf(g: Graph): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    '  <graph mode="static" defaultedgetype="directed">',
    '    <attributes class="node"><attribute id="type" title="type" type="string"/><attribute id="country" title="country" type="string"/><attribute id="events" title="events" type="integer"/></attributes>',
    '    <attributes class="edge"><attribute id="category" title="category" type="string"/><attribute id="kind" title="kind" type="string"/></attributes>',
    "    <nodes>",
  ];
  for (const n of g.nodes)
    lines.push(
      `      <node id="${xml(n.id)}" label="${xml(n.name)}"><attvalues><attvalue for="type" value="${xml(n.type)}"/><attvalue for="country" value="${xml(n.country ?? "")}"/><attvalue for="events" value="${n.events}"/></attvalues></node>`,
    );
  lines.push("    </nodes>", "    <edges>");
  g.edges.forEach((e, i) =>
    lines.push(
      `      <edge id="${i}" source="${xml(e.source)}" target="${xml(e.target)}" label="${xml(e.type)}" weight="${e.count}"><attvalues><attvalue for="category" value="${xml(e.category)}"/><attvalue for="kind" value="${xml(e.kind ?? "")}"/></attvalues></edge>`,
    ),
  );
  lines.push("    </edges>", "  </graph>", "</gexf>");
  return lines.join("\n") + "\n";
}

export function exportSelection(
  format: string,
  s: Selection,
): { name: string; type: string; body: string } | undefined {
  switch (format) {
    case "csv":
      return { name: "vigie-events.csv", type: "text/csv", body: toCsv(s.events) };
    case "geojson":
      return {
        name: "vigie-events.geojson",
        type: "application/geo+json",
        body: JSON.stringify(toGeoJson(s.events), null, 1),
      };
    case "plover":
      return {
        name: "vigie-events.plover.json",
        type: "application/json",
        body: JSON.stringify(toPlover(s.events), null, 1),
      };
    case "gexf":
      return {
        name: "vigie-network.gexf",
        type: "application/xml",
        body: toGexf(s.graph ?? graphOfEvents(s.events)),
      };
    default:
      return undefined;
  }
}
