import type { VDocument } from "../../doc/document.js";
import type { CharRange, DatePrecision, TokenSpan } from "../../doc/types.js";
import type { KnowledgeBase } from "../../kb/index.js";
import type { Grammar } from "../../locales/grammar.js";
import type { SentenceView } from "./context.js";

/**
 * Where and when an event happened: the date and the place attached to a trigger. Kept apart from
 * the trigger rules so that the time-and-place stages can refine them without touching events.ts.
 */

export function dateFor(
  view: SentenceView,
  g: Grammar,
  trigger: TokenSpan,
  sent: TokenSpan,
): { date?: string; precision: DatePrecision } {
  const doc = view.doc;
  const [ss, se] = doc.charRange(sent);
  const [ts] = doc.charRange(trigger);
  // The trigger's own clause first (commas and clause words bound it), then the sentence before
  // the trigger, then the rest of the sentence: "le 3 mars ... un accord que X avait signé,
  // mais Y l'a rejeté ... deux jours plus tard" dates the signing by the earlier date.
  const [cs, ce] = clauseAround(view, g, trigger, sent);
  const pick = (from: number, to: number, before: boolean) => {
    let best: { date: string; precision: DatePrecision; dist: number } | undefined;
    for (let k = firstDateFrom(doc, from); k < doc.dates.length; k++) {
      const d = doc.dates[k]!;
      if (d.range[0] > to) break;
      if (d.range[1] > to || (before && d.range[0] > ts)) continue;
      const dist = Math.abs(d.range[0] - ts);
      if (!best || dist < best.dist) best = { date: d.value, precision: d.precision, dist };
    }
    return best;
  };
  const best = pick(cs, ce, false) ?? pick(ss, se, true) ?? pick(ss, se, false);
  if (best) return { date: best.date, precision: best.precision };
  // Else the paragraph's last date before the clause ("Lundi, ... . Les forces ont ensuite ..."):
  // news narrates in order, and an explicit date in the paragraph anchors what follows it.
  const para = paragraphOf(doc, trigger.start);
  if (para) {
    const [ps] = doc.charRange(para);
    const k = firstDateFrom(doc, ss) - 1;
    const d = k >= 0 ? doc.dates[k] : undefined;
    if (d && d.range[0] >= ps && d.range[1] <= ss) return { date: d.value, precision: d.precision };
  }
  return { precision: "unknown" };
}

/** Index of the first date starting at or after char `c` (dates are in text order). */
function firstDateFrom(doc: VDocument, c: number): number {
  let lo = 0;
  let hi = doc.dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.dates[mid]!.range[0] < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function paragraphOf(doc: VDocument, token: number): TokenSpan | undefined {
  let lo = 0;
  let hi = doc.paragraphs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = doc.paragraphs[mid]!;
    if (token < p.start) hi = mid - 1;
    else if (token >= p.end) lo = mid + 1;
    else return p;
  }
  return undefined;
}

/** Character range of the clause around a trigger, bounded by punctuation and clause words. */
function clauseAround(view: SentenceView, g: Grammar, trigger: TokenSpan, sent: TokenSpan): CharRange {
  const bound = (w: string) => w === "," || w === ";" || w === ":" || g.clauseEnd.includes(w);
  let start = trigger.start;
  while (start > sent.start && !bound(view.lower[start - 1]!)) start--;
  let end = trigger.end;
  while (end < sent.end && !bound(view.lower[end]!)) end++;
  return view.range({ start, end });
}

export function placeFor(
  view: SentenceView,
  g: Grammar,
  kb: KnowledgeBase,
  trigger: TokenSpan,
  sent: TokenSpan,
  args: { source: readonly number[]; target: readonly number[] },
): { name: string; country?: string; entity: number } | undefined {
  let best: { k: number; dist: number } | undefined;
  for (const k of view.mentionsIn(sent.start, sent.end)) {
    const m = view.mention(k);
    if (m.type !== "GPE" && m.type !== "LOC") continue;
    const e = m.entity;
    if (e === undefined || args.source.includes(e) || args.target.includes(e)) continue;
    const prev = view.lower[m.span.start - 1] ?? "";
    if (!g.locative.includes(prev)) continue;
    const dist = Math.abs(m.span.start - trigger.start);
    if (!best || dist < best.dist) best = { k, dist };
  }
  if (!best) return undefined;
  const m = view.mention(best.k);
  const entity = view.doc.entities[m.entity!]!;
  const entry = m.kbId ? kb.byId(m.kbId) : undefined;
  const out: { name: string; country?: string; entity: number } = {
    name: entry?.name ?? entity.name,
    entity: m.entity!,
  };
  const country = entity.country ?? entry?.country;
  if (country) out.country = country;
  return out;
}
