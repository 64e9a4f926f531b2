import { VigieError } from "../errors.js";
import { ACLED_HEADER, CAMEO_HEADER } from "../output/exports.js";
import { openStore } from "../store/index.js";
import type { ActorInfo, EventStore, Page, StoredEvent } from "../store/types.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

export const QUERY_FORMATS = ["jsonl", "csv", "plover", "cameo", "acled", "geojson"] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];
export const QUERY_KINDS = ["events", "actors", "articles"] as const;

export interface QueryCliOptions {
  db?: string;
  format: QueryFormat;
  actor?: string;
  type?: string;
  from?: string;
  to?: string;
  country?: string;
  modality?: string;
  search?: string;
  lang?: string;
  article?: string;
  bbox?: string;
  limit?: number;
  offset?: number;
}

const PAGE = 1000;
const DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/u;

const csvCell = (v: unknown): string => {
  const s = v === undefined || v === null ? "" : Array.isArray(v) ? v.join("; ") : String(v);
  return /[",\n\r]/u.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const tsvCell = (v: string) => v.replace(/[\t\n\r]+/gu, " ");

export function parseBbox(s: string): [number, number, number, number] {
  const parts = s.split(",").map((x) => Number(x.trim()));
  const [minLon, minLat, maxLon, maxLat] = parts;
  if (
    parts.length !== 4 ||
    parts.some((x) => !Number.isFinite(x)) ||
    minLon! > maxLon! ||
    minLat! > maxLat! ||
    Math.abs(minLat!) > 90 ||
    Math.abs(maxLat!) > 90
  ) {
    throw new VigieError("USAGE", `--bbox wants minLon,minLat,maxLon,maxLat (degrees), not "${s}"`);
  }
  return [minLon!, minLat!, maxLon!, maxLat!];
}

const EVENT_CSV = [
  "id",
  "date",
  "date_precision",
  "type",
  "mode",
  "cameo",
  "source",
  "source_names",
  "target",
  "target_names",
  "location",
  "country",
  "lat",
  "lon",
  "modality",
  "sources",
  "articles",
  "evidence",
] as const;

const actorCode = (a: ActorInfo | undefined) => (a ? `${a.country ?? ""}${a.sector ?? ""}` || a.type : "");
const quad = (root: number) => (root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4);
const ACLED_TYPE: Record<string, [string, string]> = {
  ASSAULT: ["Violence against civilians", "Attack"],
  COERCE: ["Strategic developments", "Non-violent transfer of territory"],
  PROTEST: ["Protests", "Peaceful protest"],
  MOBILIZE: ["Strategic developments", "Headquarters or base established"],
  AGREE: ["Strategic developments", "Agreement"],
  RETREAT: ["Strategic developments", "Change to group/activity"],
};

/** One stored event in an export format, as whole lines; the formats follow src/output/exports.ts. */
function eventLines(
  e: StoredEvent,
  format: QueryFormat,
  actors: Map<string, ActorInfo>,
  first: boolean,
): string {
  const codes = (ids: string[]) => ids.map((id) => actorCode(actors.get(id))).join(";");
  switch (format) {
    case "jsonl":
      return `${JSON.stringify(e)}\n`;
    case "csv":
      return `${EVENT_CSV.map((k) =>
        csvCell(
          k === "lat" ? e.geo?.lat : k === "lon" ? e.geo?.lon : (e as unknown as Record<string, unknown>)[k],
        ),
      ).join(",")}\n`;
    case "plover":
      return `${JSON.stringify({
        id: e.id,
        date: e.date ?? null,
        event: e.type,
        mode: e.mode ?? "",
        context: "",
        actor: e.source_names.join("; "),
        actor_code: codes(e.source),
        recipient: e.target_names.join("; "),
        recipient_code: codes(e.target),
        event_loc: e.location ?? "",
        event_loc_country: e.country ?? "",
        event_text: e.evidence,
        cameo: e.cameo ?? "",
        modality: e.modality,
        reported_by: e.reported_by.map((id) => actors.get(id)?.name ?? id).join("; "),
        story_id: e.article,
        story_ids: e.articles,
        sources: e.sources,
      })}\n`;
    case "cameo": {
      if (!e.cameo) return "";
      const root = e.cameo.slice(0, 2);
      return `${[
        (e.date ?? "").replaceAll("-", ""),
        codes(e.source),
        codes(e.target),
        e.cameo,
        root,
        String(quad(Number(root))),
        e.article,
        "",
        tsvCell(e.evidence),
      ].join("\t")}\n`;
    }
    case "acled": {
      const [type, sub] = ACLED_TYPE[e.type] ?? ["Strategic developments", "Other"];
      return `${[
        e.id,
        e.date ?? "",
        type,
        sub,
        e.source_names.join("; "),
        e.target_names.join("; "),
        e.country ?? "",
        e.location ?? "",
        e.geo ? String(e.geo.lat) : "",
        e.geo ? String(e.geo.lon) : "",
        e.articles.join("; "),
        e.evidence,
        e.type,
        e.cameo ?? "",
      ]
        .map(csvCell)
        .join(",")}\n`;
    }
    case "geojson": {
      if (!e.geo) return "";
      const { geo, ...props } = e;
      const f = {
        type: "Feature",
        geometry: { type: "Point", coordinates: [geo.lon, geo.lat] },
        properties: props,
      };
      return `${first ? "" : ","}${JSON.stringify(f)}\n`;
    }
  }
}

async function* pages<T>(
  fetch: (limit: number, offset: number) => Promise<Page<T>>,
  limit?: number,
  offset = 0,
) {
  let left = limit ?? Number.POSITIVE_INFINITY;
  let at = offset;
  while (left > 0) {
    const n = Math.min(PAGE, left);
    const page = await fetch(n, at);
    if (page.items.length === 0) return;
    yield page.items;
    at += page.items.length;
    left -= page.items.length;
    if (page.items.length < n) return;
  }
}

function checkDates(opts: QueryCliOptions) {
  for (const [flag, v] of [
    ["--from", opts.from],
    ["--to", opts.to],
  ] as const) {
    if (v !== undefined && !DATE.test(v)) {
      throw new VigieError("USAGE", `${flag} wants a date YYYY-MM-DD, YYYY-MM or YYYY, not "${v}"`);
    }
  }
}

async function queryEvents(store: EventStore, opts: QueryCliOptions, io: CliIO) {
  const q = {
    actor: opts.actor,
    type: opts.type,
    from: opts.from,
    to: opts.to,
    country: opts.country,
    modality: opts.modality,
    article: opts.article,
    bbox: opts.bbox === undefined ? undefined : parseBbox(opts.bbox),
  };
  const f = opts.format;
  if (f === "csv") await write(io.stdout, `${EVENT_CSV.join(",")}\n`);
  if (f === "cameo") await write(io.stdout, `${CAMEO_HEADER}\n`);
  if (f === "acled") await write(io.stdout, `${ACLED_HEADER}\n`);
  if (f === "geojson") await write(io.stdout, '{"type":"FeatureCollection","features":[\n');
  let first = true;
  for await (const items of pages(
    (limit, offset) => store.queryEvents({ ...q, limit, offset }),
    opts.limit,
    opts.offset,
  )) {
    const needCodes = f === "plover" || f === "cameo";
    const actors = new Map<string, ActorInfo>();
    if (needCodes) {
      const ids = items.flatMap((e) => [...e.source, ...e.target, ...e.reported_by]);
      for (const a of await store.getActors(ids)) actors.set(a.id, a);
    }
    let out = "";
    for (const e of items) {
      const s = eventLines(e, f, actors, first);
      if (s !== "") first = false;
      out += s;
    }
    await write(io.stdout, out);
  }
  if (f === "geojson") await write(io.stdout, "]}\n");
}

const ACTOR_CSV = [
  "id",
  "name",
  "type",
  "country",
  "sector",
  "articles",
  "events",
  "first_seen",
  "last_seen",
  "mentions",
];
const ARTICLE_CSV = [
  "id",
  "lang",
  "published",
  "source",
  "url",
  "title",
  "events",
  "entities",
  "ingested_at",
];

async function queryTable(kind: "actors" | "articles", store: EventStore, opts: QueryCliOptions, io: CliIO) {
  if (opts.format !== "jsonl" && opts.format !== "csv") {
    throw new VigieError("USAGE", `--format ${opts.format} exports events; ${kind} come as jsonl or csv`);
  }
  const cols = kind === "actors" ? ACTOR_CSV : ARTICLE_CSV;
  if (opts.format === "csv") await write(io.stdout, `${cols.join(",")}\n`);
  const fetch =
    kind === "actors"
      ? (limit: number, offset: number) =>
          store.queryActors({
            search: opts.search ?? opts.actor,
            country: opts.country,
            type: opts.type,
            limit,
            offset,
          })
      : (limit: number, offset: number) =>
          store.listArticles({
            search: opts.search,
            lang: opts.lang,
            from: opts.from,
            to: opts.to,
            limit,
            offset,
          });
  for await (const items of pages<object>(fetch, opts.limit, opts.offset)) {
    const lines = items.map((x) =>
      opts.format === "jsonl"
        ? JSON.stringify(x)
        : cols.map((c) => csvCell((x as Record<string, unknown>)[c])).join(","),
    );
    await write(io.stdout, `${lines.join("\n")}\n`);
  }
}

/** `vigie query events|actors|articles`: filtered exports of the store, page by page. */
export async function runQuery(kind: string, opts: QueryCliOptions, io: CliIO): Promise<number> {
  checkDates(opts);
  const store = await openStore(opts.db);
  try {
    if (kind === "events") await queryEvents(store, opts, io);
    else await queryTable(kind as "actors" | "articles", store, opts, io);
  } finally {
    await store.close();
  }
  return EXIT.OK;
}
