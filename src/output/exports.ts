import type { VDocument } from "../doc/document.js";
import type { Entity, VEvent } from "../doc/types.js";
import { loadKnowledgeBase } from "../kb/index.js";

/**
 * Event exports in the formats other tools read: PLOVER JSON (field names from the PLOVER
 * manual), PETRARCH2-style CAMEO TSV, ACLED-like CSV and GeoJSON. One function per format, each
 * taking an analysed document; the CLI writes them line by line (header lines once).
 */

const names = (doc: VDocument, xs: number[]) => xs.map((x) => doc.entities[x]?.name ?? "").join("; ");
const evidence = (doc: VDocument, e: VEvent) => doc.text.slice(e.evidence[0], e.evidence[1]);

/** A CAMEO-style actor code: ISO3 country + sector (e.g. "RUSMIL"), or the sector alone (IGO). */
export function actorCode(e: Entity | undefined): string {
  if (!e) return "";
  return `${e.country ?? ""}${e.sector ?? ""}` || e.type;
}

export function toPlover(doc: VDocument): Record<string, unknown>[] {
  return doc.events.map((e, i) => ({
    id: `${doc.id}-${i + 1}`,
    date: e.date ?? null,
    event: e.type,
    mode: e.mode ?? "",
    context: "",
    actor: names(doc, e.source),
    actor_code: e.source.map((x) => actorCode(doc.entities[x])).join(";"),
    recipient: names(doc, e.target),
    recipient_code: e.target.map((x) => actorCode(doc.entities[x])).join(";"),
    event_loc: e.location ?? "",
    event_loc_country: e.country ?? "",
    event_text: evidence(doc, e),
    cameo: e.cameo ?? "",
    modality: e.modality,
    reported_by: names(doc, e.reportedBy),
    story_id: doc.id,
    publication_date: doc.meta.published ?? null,
    language: doc.lang ?? null,
  }));
}

const tsv = (v: string) => v.replace(/[\t\n\r]+/gu, " ");

export const CAMEO_HEADER = [
  "date",
  "source",
  "target",
  "code",
  "root",
  "quad",
  "story_id",
  "sentence",
  "text",
].join("\t");

/** PETRARCH2-style rows: date (YYYYMMDD), source and target codes, CAMEO code, story, evidence. */
export function toCameo(doc: VDocument): string[] {
  return doc.events
    .filter((e) => e.cameo)
    .map((e) => {
      const code = e.cameo!;
      const root = code.slice(0, 2);
      const quad = quadClass(Number(root));
      return [
        (e.date ?? "").replaceAll("-", ""),
        e.source.map((x) => actorCode(doc.entities[x])).join(";"),
        e.target.map((x) => actorCode(doc.entities[x])).join(";"),
        code,
        root,
        String(quad),
        doc.id,
        String(doc.sentenceOf(e.trigger.start) + 1),
        tsv(evidence(doc, e)),
      ].join("\t");
    });
}

/** CAMEO quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
function quadClass(root: number): number {
  if (root <= 5) return 1;
  if (root <= 8) return 2;
  if (root <= 13) return 3;
  return 4;
}

const ACLED_TYPE: Record<string, [string, string]> = {
  ASSAULT: ["Violence against civilians", "Attack"],
  COERCE: ["Strategic developments", "Non-violent transfer of territory"],
  PROTEST: ["Protests", "Peaceful protest"],
  MOBILIZE: ["Strategic developments", "Headquarters or base established"],
  AGREE: ["Strategic developments", "Agreement"],
  RETREAT: ["Strategic developments", "Change to group/activity"],
};

/** ACLED's finer classes, read from the PLOVER mode and whom the event targets. */
const ACLED_BY_MODE: Record<string, [string, string]> = {
  "ASSAULT/aerial": ["Explosions/Remote violence", "Air/drone strike"],
  "ASSAULT/heavy-weapons": ["Explosions/Remote violence", "Shelling/artillery/missile attack"],
  "ASSAULT/explosive": ["Explosions/Remote violence", "Remote explosive/landmine/IED"],
  "ASSAULT/suicide": ["Explosions/Remote violence", "Suicide bomb"],
  "ASSAULT/destroy": ["Strategic developments", "Looting/property destruction"],
  "ASSAULT/abduct": ["Violence against civilians", "Abduction/forced disappearance"],
  "PROTEST/riot": ["Riots", "Violent demonstration"],
  "COERCE/arrest": ["Strategic developments", "Arrests"],
  "COERCE/seize": ["Strategic developments", "Non-state actor overtakes territory"],
};

const ARMED_SECTORS = new Set(["MIL", "REB", "INS", "PMC"]);

function acledType(doc: VDocument, e: VEvent): [string, string] {
  const byMode = ACLED_BY_MODE[`${e.type}/${e.mode ?? ""}`];
  if (byMode) return byMode;
  // Fighting between armed actors is a battle, not violence against civilians.
  if (e.type === "ASSAULT" && e.target.some((t) => ARMED_SECTORS.has(doc.entities[t]?.sector ?? "")))
    return ["Battles", "Armed clash"];
  return ACLED_TYPE[e.type] ?? ["Strategic developments", "Other"];
}

export const ACLED_HEADER = [
  "event_id_cnty",
  "event_date",
  "event_type",
  "sub_event_type",
  "actor1",
  "actor2",
  "country",
  "location",
  "latitude",
  "longitude",
  "source",
  "notes",
  "plover_type",
  "cameo",
].join(",");

/** CSV field; a leading =, +, - or @ is quoted with an apostrophe so that spreadsheets do not run it. */
const csv = (raw: string) => {
  const v = /^[=+\-@]/u.test(raw) ? `'${raw}` : raw;
  return /[",\n]/u.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
};

/** ACLED-like rows; ACLED's taxonomy is coarser, so the PLOVER type and CAMEO code come along. */
export function toAcled(doc: VDocument): string[] {
  return doc.events.map((e, i) => {
    const [type, sub] = acledType(doc, e);
    const geo = eventGeo(doc, e);
    return [
      `${doc.id}-${i + 1}`,
      e.date ?? "",
      type,
      sub,
      names(doc, e.source),
      names(doc, e.target),
      e.country ?? "",
      e.location ?? "",
      geo ? String(geo[0]) : "",
      geo ? String(geo[1]) : "",
      doc.meta.source ?? "",
      evidence(doc, e),
      e.type,
      e.cameo ?? "",
    ]
      .map(csv)
      .join(",");
  });
}

/** Coordinates of an event's place: the places stage's, else its entity's or the knowledge base's. */
export function eventGeo(doc: VDocument, e: VEvent): [number, number] | undefined {
  if (e.geo) return [e.geo.lat, e.geo.lon];
  const ent = e.locationEntity === undefined ? undefined : doc.entities[e.locationEntity];
  if (ent?.geo) return [ent.geo.lat, ent.geo.lon];
  const entry = ent?.kbId ? loadKnowledgeBase().byId(ent.kbId) : undefined;
  return entry?.latlng ? [entry.latlng[0], entry.latlng[1]] : undefined;
}

/** GeoJSON features of the events that have a place with coordinates. */
export function toGeoJsonFeatures(doc: VDocument): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of toPlover(doc).map((row, i) => ({ row, e: doc.events[i]! }))) {
    const geo = eventGeo(doc, p.e);
    if (!geo) continue;
    out.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [geo[1], geo[0]] },
      properties: {
        ...p.row,
        date_precision: p.e.datePrecision,
        geonameid: p.e.geo?.geonameid ?? null,
        feature: p.e.geo?.feature ?? null,
      },
    });
  }
  return out;
}
