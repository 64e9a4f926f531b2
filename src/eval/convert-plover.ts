import type { PloverType } from "../doc/types.js";

/**
 * PLOVER Gold Standard Records (shared/data/events-plover-gsr-dev: a JSON array of records with
 * `text`, `event`, `source`/`target` actors and a `textInfo.markup` string such as
 * "(SRC: Rebels) (EVT: attacked) the (TAR: army)") to gold-format articles, one per record.
 * The records were coded with PLOVER 0.5b1, whose DEMAND, DISAPPROVE, INVESTIGATE and FIGHT map
 * to the current 16 types as the dataset's README says. The evidence runs from the first to the
 * last EVT span of the markup.
 */

const OLD_TYPES: Record<string, { type: PloverType; mode?: string }> = {
  DEMAND: { type: "REQUEST" },
  DISAPPROVE: { type: "ACCUSE", mode: "disapprove" },
  INVESTIGATE: { type: "ACCUSE", mode: "investigate" },
  FIGHT: { type: "ASSAULT" },
};

export interface PloverGsrRecord {
  id?: unknown;
  event?: unknown;
  text?: unknown;
  source?: unknown;
  target?: unknown;
  textInfo?: { markup?: unknown };
}

export interface ConvertedEntity {
  id: string;
  name: string;
  type: "PER" | "ORG" | "GPE";
  mentions: string[];
  country?: string;
}

export interface ConvertedEvent {
  type: PloverType;
  mode?: string;
  source: string[];
  target: string[];
  date_precision: "unknown";
  modality: "asserted";
  reported_by: string[];
  evidence: string;
  /** Not in the gold format: every trigger mention of the event, as [start, end) offsets. */
  mention_spans?: [number, number][];
}

export interface ConvertedArticle {
  id: string;
  lang: string;
  text: string;
  entities: ConvertedEntity[];
  events: ConvertedEvent[];
  relations: never[];
  /** The types this article's annotation covers (see GoldEventsArticle.annotatedTypes). */
  annotated_types?: PloverType[];
  /** Not in the gold format: spans of annotated events that have no PLOVER type. */
  unlabelled_spans?: [number, number][];
}

const OPENER = /^\((?:SRC|TAR|EVT|LOC|SRC\/TAR):\s?/u;

/** Removes the markup openers "(EVT: " and their closing parentheses, keeping the text's own. */
export function stripMarkup(markup: string): string {
  let out = "";
  const closers: boolean[] = [];
  for (let i = 0; i < markup.length; i++) {
    const ch = markup[i]!;
    if (ch === "(") {
      const m = OPENER.exec(markup.slice(i, i + 12));
      closers.push(m !== null);
      if (m) {
        i += m[0].length - 1;
        continue;
      }
    } else if (ch === ")") {
      if (closers.pop()) continue;
    }
    out += ch;
  }
  return out;
}

/** The contents of each "(EVT: ...)" part, markup removed. */
export function eventParts(markup: string): string[] {
  const parts: string[] = [];
  for (let at = markup.indexOf("(EVT:"); at >= 0; at = markup.indexOf("(EVT:", at + 1)) {
    let depth = 0;
    let end = at;
    for (; end < markup.length; end++) {
      if (markup[end] === "(") depth++;
      else if (markup[end] === ")" && --depth === 0) break;
    }
    const inner = stripMarkup(markup.slice(at, end + 1)).trim();
    if (inner) parts.push(inner);
  }
  return parts;
}

/** Where `part` occurs in `text`, tolerating different runs of spaces. */
function locate(text: string, part: string, from = 0): [number, number] | null {
  const words = part.split(/\s+/u).filter(Boolean);
  if (!words.length) return null;
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")).join("\\s+"), "gu");
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? [m.index, m.index + m[0].length] : null;
}

const SECTOR_ORG =
  /^(?:GOV|MIL|REB|OPP|PTY|IGO|NGO|MED|BUS|COP|JUD|LEG|SPY|UAF|INS|EDU|LAB|REF|HLH|AGR|CRM|IMG|CVL)$/u;
const PERSON_TITLE =
  /\b(?:President|Minister|Premier|Prime|Secretary|King|Prince|Chancellor|Senator|General|Ambassador|leader|Mr|Mrs)\b/u;

function actors(v: unknown): { actorText: string; code?: string; sector?: string }[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (a): a is { actorText: string; code?: string; sector?: string } =>
      !!a && typeof a === "object" && typeof (a as { actorText?: unknown }).actorText === "string",
  );
}

/** Converts one record; null for the DOCUMENT header record and records without a usable event. */
export function convertPloverRecord(r: PloverGsrRecord): ConvertedArticle | null {
  if (typeof r.id !== "string" || typeof r.text !== "string" || typeof r.event !== "string") return null;
  const mapped = OLD_TYPES[r.event] ?? { type: r.event as PloverType };
  const info = r.textInfo as { markup?: unknown } | undefined;
  const markup = info && typeof info === "object" && typeof info.markup === "string" ? info.markup : "";
  const text = r.text;
  let first = Infinity;
  let last = -1;
  for (const part of eventParts(markup)) {
    const at = locate(text, part);
    if (!at) continue;
    first = Math.min(first, at[0]);
    last = Math.max(last, at[1]);
  }
  const evidence = last > first ? text.slice(first, last) : "";
  if (!evidence) return null;
  const entities: ConvertedEntity[] = [];
  const side = (list: unknown): string[] =>
    actors(list).map((a) => {
      const name = a.actorText.trim();
      let e = entities.find((x) => x.name === name);
      if (!e) {
        const type = PERSON_TITLE.test(name) ? "PER" : a.sector && SECTOR_ORG.test(a.sector) ? "ORG" : "GPE";
        e = { id: `e${entities.length + 1}`, name, type, mentions: text.includes(name) ? [name] : [] };
        if (a.code && /^[A-Z]{3}$/u.test(a.code)) e.country = a.code;
        entities.push(e);
      }
      return e.id;
    });
  const source = side(r.source);
  const target = side(r.target);
  const event: ConvertedEvent = {
    type: mapped.type,
    source,
    target,
    date_precision: "unknown",
    modality: "asserted",
    reported_by: [],
    evidence,
  };
  if (mapped.mode) event.mode = mapped.mode;
  // One event is coded per record: other events of the sentence are not annotated.
  return { id: r.id, lang: "en", text, entities, events: [event], relations: [], annotated_types: [] };
}

export function convertPloverGsr(records: unknown): ConvertedArticle[] {
  if (!Array.isArray(records)) return [];
  return records.flatMap((r) => {
    const a = convertPloverRecord((r ?? {}) as PloverGsrRecord);
    return a ? [a] : [];
  });
}
