import type { VDocument } from "../../doc/document.js";
import type { CharRange, Entity, Lang, TokenSpan } from "../../doc/types.js";
import { detectToponyms, toponymsInNames } from "../../geo/detect.js";
import { loadGazetteer, type Gazetteer } from "../../geo/gazetteer.js";
import { resolveName, type GeoContext } from "../../geo/resolve.js";
import { loadKnowledgeBase, type KnowledgeBase } from "../../kb/index.js";
import type { Stage } from "../../pipeline/stage.js";
import { chooseEventPlaces, locativeBefore } from "./location.js";
import { dateLedeEvents } from "./when.js";

/** Weight of a country the article names, per mention, against 1 per actor of that country. */
const NAMED_COUNTRY_WEIGHT = 2;

/** Words that join a facility to its town: "le port de Tripoli", "the airport of Sirte". */
const JOINERS = new Set(["de", "du", "des", "d'", "of", "del", "la", "le", "el", "the"]);

/** A place name in the text: a GPE/LOC entity mention or a toponym the gazetteer found. */
export interface Toponym {
  span: TokenSpan;
  range: CharRange;
  /** Gazetteer row, when resolved. */
  row?: number;
  entity?: number;
  /** Part of an organisation's name ("Indiana" in "Indiana Department of Labor"): never an event's place. */
  inName?: boolean;
}

export interface Geocoded {
  /** Entity index → gazetteer row. */
  entities: Map<number, number>;
  /** Every place name of the text, in text order. */
  toponyms: Toponym[];
}

interface Item {
  names: string[];
  spans: TokenSpan[];
  entity?: number;
  fixed?: number;
  row?: number;
  inName?: boolean;
}

/**
 * Geocodes every GPE and LOC entity (sets `entity.geo`) and the toponyms the gazetteer finds
 * outside the mentions. Countries, capitals and single-candidate names are resolved first; they,
 * the named countries and the actors' countries then weigh the choice among namesakes.
 */
export function geocodeDocument(
  doc: VDocument,
  gaz: Gazetteer = loadGazetteer(),
  kb: KnowledgeBase = loadKnowledgeBase(),
): Geocoded {
  const focus = new Map<string, number>();
  const bump = (c: string | undefined, w: number) => {
    if (c) focus.set(c, (focus.get(c) ?? 0) + w);
  };
  for (const e of doc.entities) {
    const entry = e.kbId ? kb.byId(e.kbId) : undefined;
    if (entry?.kind === "country") {
      if (!sharedCountryName(gaz, e.name)) bump(entry.country, NAMED_COUNTRY_WEIGHT * e.mentions.length);
    } else bump(e.country, 1);
  }
  for (const m of doc.mentions) if (m.entity === undefined) bump(m.country, 1);

  const items: Item[] = [];
  doc.entities.forEach((e, k) => {
    if (e.type !== "GPE" && e.type !== "LOC") return;
    const item: Item = {
      names: namesOf(doc, e),
      spans: e.mentions.map((m) => doc.mentions[m]!.span),
      entity: k,
    };
    const fixed = fixedPlace(doc, gaz, kb, e);
    if (fixed !== undefined) item.fixed = fixed;
    items.push(item);
  });
  const covered = new Uint8Array(doc.tokens.length);
  for (const m of doc.mentions) covered.fill(1, m.span.start, m.span.end);
  // "March", "August": a month is a date, whatever town bears its name.
  for (const d of doc.dates) {
    for (
      let i = doc.tokenAtChar(d.range[0]);
      i < doc.tokens.length && (doc.tokens.start[i] ?? 0) < d.range[1];
      i++
    )
      covered[i] = 1;
  }
  const lang: Lang = doc.lang ?? "en";
  const orgs = doc.mentions.filter((m) => m.type === "ORG" && m.named).map((m) => m.span);
  for (const t of detectToponyms(doc, gaz, lang, (i) => covered[i] === 1)) {
    items.push({ names: [t.name], spans: [t.span] });
  }
  for (const t of toponymsInNames(doc, gaz, orgs))
    items.push({ names: [t.name], spans: [t.span], inName: true });

  const ctx: GeoContext = { focus, resolved: [] };
  const settle = (it: Item, row: number) => {
    it.row = row;
    ctx.resolved.push(row);
    const f = gaz.feature(row);
    if (f !== "PCLI" && f !== "PCLD") bump(gaz.country(row), 1);
  };
  // Fixed and single-candidate names anchor the article before the ambiguous ones are weighed.
  const ambiguous: Item[] = [];
  for (const it of items) {
    if (it.fixed !== undefined) {
      settle(it, it.fixed);
      continue;
    }
    const first = it.names.map((n) => gaz.candidates(n)).find((c) => c.length > 0);
    if (first?.length === 1) settle(it, first[0]!);
    else if (first) ambiguous.push(it);
  }
  const resolveItem = (it: Item, context: GeoContext) => {
    const within = qualifier(doc, gaz, it.spans);
    for (const name of it.names) {
      const i = resolveName(gaz, name, within ? { ...context, within } : context);
      if (i !== undefined) return i;
    }
    return undefined;
  };
  for (const it of ambiguous) {
    const i = resolveItem(it, ctx);
    if (i !== undefined) settle(it, i);
  }
  // Second pass: an early ambiguous name is weighed again against the places named after it.
  for (const it of ambiguous) {
    if (it.row === undefined) continue;
    const own = it.row;
    const others = ctx.resolved.filter((r, k) => r !== own || ctx.resolved.indexOf(own) !== k);
    const i = resolveItem(it, { ...ctx, resolved: others });
    if (i !== undefined && i !== own) {
      ctx.resolved[ctx.resolved.indexOf(own)] = i;
      it.row = i;
    }
  }
  const entities = new Map<number, number>();
  const toponyms: Toponym[] = [];
  for (const it of items) {
    if (it.entity !== undefined && it.row !== undefined) {
      entities.set(it.entity, it.row);
      doc.entities[it.entity]!.geo = gaz.geo(it.row);
    }
    // A GPE/LOC entity the gazetteer does not know is a place name only where the text puts
    // something in or at it; elsewhere it is mostly a surname or a building typed from context.
    if (it.row === undefined && !it.spans.some((sp) => locativeBefore(doc, lang, sp.start, 0))) continue;
    for (const span of it.spans) {
      const t: Toponym = { span, range: doc.charRange(span) };
      if (it.row !== undefined) t.row = it.row;
      if (it.entity !== undefined) t.entity = it.entity;
      if (it.inName) t.inName = true;
      toponyms.push(t);
    }
  }
  toponyms.sort((a, b) => a.span.start - b.span.start);
  return { entities, toponyms };
}

/** Population from which a town sharing a country's or capital's name competes with it. */
const NAMESAKE_POPULATION = 20000;

/**
 * A country or capital name that is also a region or a sizeable town elsewhere ("Georgia",
 * "Dublin", Ohio): left to the disambiguation, and not counted as the article's country evidence.
 */
function sharedCountryName(gaz: Gazetteer, name: string): boolean {
  const cands = gaz.candidates(name);
  if (cands.length < 2) return false;
  return cands.some((i) => {
    const f = gaz.feature(i);
    return f === "ADM1" || (f.startsWith("PPL") && gaz.population(i) >= NAMESAKE_POPULATION);
  });
}

/** Knowledge-base countries and capitals need no disambiguation, unless another place shares the name. */
function fixedPlace(doc: VDocument, gaz: Gazetteer, kb: KnowledgeBase, e: Entity): number | undefined {
  const ids = [e.kbId, ...e.mentions.map((m) => doc.mentions[m]?.kbId)];
  for (const id of ids) {
    const entry = id ? kb.byId(id) : undefined;
    if (!entry) continue;
    if (entry.kind === "country" && entry.country) {
      return sharedCountryName(gaz, e.name) ? undefined : gaz.countryRow(entry.country);
    }
    if (entry.kind === "capital" && entry.capitalOf) {
      if (sharedCountryName(gaz, e.name)) return undefined;
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
  for (const n of [...out]) {
    const bare = ADMIN_TAIL.exec(n);
    if (bare) out.add(n.slice(0, bare.index));
  }
  return [...out];
}

/** "Laurel County", "Idlib Province": second-level units are not in the gazetteer, their towns often are. */
const ADMIN_TAIL = / (?:County|Parish|Township|Province|Governorate|District|Region|Oblast)$/u;

/** "Tripoli, Libya" / "Springfield, Illinois": the country or region written right after a name. */
function qualifier(doc: VDocument, gaz: Gazetteer, spans: readonly TokenSpan[]): GeoContext["within"] {
  for (const span of spans) {
    const end = doc.charRange(span)[1];
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

const geocoded = new WeakMap<VDocument, Toponym[]>();

/** The place names of an analysed document, with their gazetteer rows (empty before the stage). */
export function toponymsOf(doc: VDocument): readonly Toponym[] {
  return geocoded.get(doc) ?? [];
}

export function runPlaces(doc: VDocument, gaz: Gazetteer = loadGazetteer()): void {
  const { entities, toponyms } = geocodeDocument(doc, gaz);
  geocoded.set(doc, toponyms);
  const lang: Lang = doc.lang ?? "en";
  dateLedeEvents(doc);
  const places = toponyms.filter((t): t is Toponym & { row: number } => t.row !== undefined && !t.inName);
  chooseEventPlaces(doc, gaz, places, lang, reportedNames(doc, gaz, entities));
}

export const placesStage: Stage = {
  name: "places",
  requires: ["entities", "events"],
  assigns: ["places"],
  run(doc) {
    runPlaces(doc);
  },
};
