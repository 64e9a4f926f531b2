import type { VDocument } from "../../doc/document.js";
import type { Entity, Lang } from "../../doc/types.js";
import { loadGazetteer, type Gazetteer } from "../../geo/gazetteer.js";
import { resolveName, type GeoContext } from "../../geo/resolve.js";
import { loadKnowledgeBase, type KnowledgeBase } from "../../kb/index.js";
import type { Stage } from "../../pipeline/stage.js";
import { chooseEventPlaces } from "./location.js";

/** Weight of a country the article names, per mention, against 1 per actor of that country. */
const NAMED_COUNTRY_WEIGHT = 2;

/** Words that join a facility to its town: "le port de Tripoli", "the airport of Sirte". */
const JOINERS = new Set(["de", "du", "des", "d'", "of", "del", "la", "le", "el", "the"]);

/**
 * Geocodes every GPE and LOC entity (sets `entity.geo`) and returns, per entity index, the
 * gazetteer row it resolved to. Countries and single-candidate names are resolved first; they,
 * the named countries and the actors' countries then weigh the choice among namesakes.
 */
export function geocodeEntities(
  doc: VDocument,
  gaz: Gazetteer = loadGazetteer(),
  kb: KnowledgeBase = loadKnowledgeBase(),
): Map<number, number> {
  const focus = new Map<string, number>();
  const bump = (c: string | undefined, w: number) => {
    if (c) focus.set(c, (focus.get(c) ?? 0) + w);
  };
  for (const e of doc.entities) {
    const entry = e.kbId ? kb.byId(e.kbId) : undefined;
    if (entry?.kind === "country") bump(entry.country, NAMED_COUNTRY_WEIGHT * e.mentions.length);
    else bump(e.country, 1);
  }
  for (const m of doc.mentions) if (m.entity === undefined) bump(m.country, 1);

  const out = new Map<number, number>();
  const ctx: GeoContext = { focus, resolved: [] };
  const pending: number[] = [];
  doc.entities.forEach((e, k) => {
    if (e.type !== "GPE" && e.type !== "LOC") return;
    const fixed = fixedPlace(doc, gaz, kb, e);
    if (fixed !== undefined) {
      out.set(k, fixed);
      ctx.resolved.push(fixed);
    } else pending.push(k);
  });
  // Single-candidate names anchor the article before the ambiguous ones are weighed.
  const ambiguous: number[] = [];
  for (const k of pending) {
    const names = namesOf(doc, doc.entities[k]!);
    const single = names.map((n) => gaz.candidates(n)).find((c) => c.length > 0);
    if (single && single.length === 1) {
      out.set(k, single[0]!);
      ctx.resolved.push(single[0]!);
    } else ambiguous.push(k);
  }
  for (const k of ambiguous) {
    const e = doc.entities[k]!;
    for (const name of namesOf(doc, e)) {
      const within = qualifier(doc, gaz, e);
      const i = resolveName(gaz, name, within ? { ...ctx, within } : ctx);
      if (i === undefined) continue;
      out.set(k, i);
      ctx.resolved.push(i);
      break;
    }
  }
  for (const [k, i] of out) doc.entities[k]!.geo = gaz.geo(i);
  return out;
}

/** Knowledge-base countries and capitals need no disambiguation. */
function fixedPlace(doc: VDocument, gaz: Gazetteer, kb: KnowledgeBase, e: Entity): number | undefined {
  const ids = [e.kbId, ...e.mentions.map((m) => doc.mentions[m]?.kbId)];
  for (const id of ids) {
    const entry = id ? kb.byId(id) : undefined;
    if (!entry) continue;
    if (entry.kind === "country" && entry.country) return gaz.countryRow(entry.country);
    if (entry.kind === "capital" && entry.capitalOf) {
      const own = gaz.candidates(entry.name).find((i) => gaz.country(i) === entry.capitalOf);
      return own ?? gaz.capitalOf(entry.capitalOf);
    }
  }
  return undefined;
}

/**
 * Names to try for an entity, best first: its name, its named mentions, then the town inside a
 * facility name ("un quai du port de Tripoli" → "Tripoli").
 */
export function namesOf(doc: VDocument, e: Entity): string[] {
  const names = [e.name];
  for (const m of e.mentions) {
    const mention = doc.mentions[m];
    if (!mention?.named) continue;
    const [s, t] = doc.charRange(mention.span);
    names.push(doc.text.slice(s, t));
  }
  const out = new Set<string>();
  for (const n of names) out.add(n);
  for (const n of names) {
    const words = n.split(/\s+|(?<=['’])/u);
    for (let i = words.length - 1; i > 0; i--) {
      if (!JOINERS.has(words[i - 1]!.toLowerCase().replace("’", "'"))) continue;
      const tail = words.slice(i).join(" ");
      if (/^\p{Lu}/u.test(tail)) out.add(tail);
    }
  }
  return [...out];
}

/** "Tripoli, Libya" / "Springfield, Illinois": the country or region written right after a name. */
function qualifier(doc: VDocument, gaz: Gazetteer, e: Entity): GeoContext["within"] {
  for (const m of e.mentions) {
    const mention = doc.mentions[m];
    if (!mention) continue;
    const end = doc.charRange(mention.span)[1];
    const after = /^, (\p{Lu}[\p{L}.]*(?: \p{Lu}[\p{L}.]*)?)/u.exec(doc.text.slice(end, end + 40));
    if (!after) continue;
    for (const i of gaz.candidates(after[1]!)) {
      const f = gaz.feature(i);
      if (f === "PCLI" || f === "PCLD") return { country: gaz.country(i) };
      if (f === "ADM1") return { country: gaz.country(i), admin1: gaz.admin1(i) };
    }
  }
  return undefined;
}

/**
 * The name an event location is reported under: the gold format names places in English. An
 * English text's own spelling is English; elsewhere the knowledge base's English name of a country
 * or capital, else GeoNames' name (English for well-known places, local for the others).
 */
export function reportedNames(
  doc: VDocument,
  gaz: Gazetteer,
  rows: Map<number, number>,
  kb: KnowledgeBase = loadKnowledgeBase(),
): Map<number, string> {
  const out = new Map<number, string>();
  for (const [k, row] of rows) {
    const e = doc.entities[k]!;
    const f = gaz.feature(row);
    const entry = e.kbId ? kb.byId(e.kbId) : undefined;
    if (f === "PCLI" || f === "PCLD" || entry) out.set(k, entry?.name ?? gaz.name(row));
    else if (doc.lang === "en") {
      const own = namesOf(doc, e).find((n) => gaz.candidates(n).includes(row));
      out.set(k, own ?? gaz.name(row));
    } else out.set(k, gaz.name(row));
  }
  return out;
}

export function runPlaces(doc: VDocument, gaz: Gazetteer = loadGazetteer()): void {
  const rows = geocodeEntities(doc, gaz);
  const lang: Lang = doc.lang ?? "en";
  chooseEventPlaces(doc, gaz, rows, lang, reportedNames(doc, gaz, rows));
}

export const placesStage: Stage = {
  name: "places",
  requires: ["entities", "events"],
  assigns: ["places"],
  run(doc) {
    runPlaces(doc);
  },
};
