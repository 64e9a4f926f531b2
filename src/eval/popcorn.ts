import type { VDocument } from "../doc/document.js";
import { prf, type Prf } from "./score.js";

/**
 * A check of actor detection and within-article coreference on POPCORN (French texts annotated
 * with entity clusters). POPCORN annotates every referring expression, pronouns and generic nouns
 * included, with its own types; Vigie's convention is narrower (named actors and descriptions of
 * one actor, gold-format N1–N8). So the comparison keeps the gold mentions that start with a
 * capital letter and belong to actor or place clusters, and scores:
 * - mention detection: a gold mention found when a Vigie mention has exactly its span;
 * - coreference: pairwise links between mentions both sides found (same cluster vs same entity).
 */

export interface PopcornText {
  text: string;
  entities: { id: number; type: string; mentions: { value: string; start: number; end: number }[] }[];
}

/** POPCORN types that are actors or places in Vigie's sense. */
export const POPCORN_ACTOR_TYPES = new Set([
  "CIVILIAN",
  "PLACE",
  "GROUP_OF_INDIVIDUALS",
  "NON_GOVERNMENTAL_ORGANISATION",
  "NON_MILITARY_GOVERNMENT_ORGANISATION",
  "MILITARY_ORGANISATION",
  "TERRORIST_OR_CRIMINAL",
  "MILITARY",
  "POLICE",
]);

export interface CorefCounts {
  mentions: { tp: number; fp: number; fn: number };
  links: { tp: number; fp: number; fn: number };
}

export const emptyCounts = (): CorefCounts => ({
  mentions: { tp: 0, fp: 0, fn: 0 },
  links: { tp: 0, fp: 0, fn: 0 },
});

const key = (s: number, e: number) => `${s}:${e}`;

/** Adds one text's counts; `doc` is Vigie's analysis of `gold.text`. */
export function countCoref(gold: PopcornText, doc: VDocument, counts: CorefCounts): void {
  const goldCluster = new Map<string, number>();
  for (const e of gold.entities) {
    if (!POPCORN_ACTOR_TYPES.has(e.type)) continue;
    for (const m of e.mentions) if (/^\p{Lu}/u.test(m.value)) goldCluster.set(key(m.start, m.end), e.id);
  }
  const predEntity = new Map<string, number>();
  for (const m of doc.mentions) {
    const [s, e] = doc.charRange(m.span);
    if (m.entity !== undefined && /^\p{Lu}/u.test(doc.text.slice(s, e))) predEntity.set(key(s, e), m.entity);
  }
  for (const k of predEntity.keys()) {
    if (goldCluster.has(k)) counts.mentions.tp++;
    else counts.mentions.fp++;
  }
  for (const k of goldCluster.keys()) if (!predEntity.has(k)) counts.mentions.fn++;
  const shared = [...goldCluster.keys()].filter((k) => predEntity.has(k));
  for (let i = 0; i < shared.length; i++) {
    for (let j = i + 1; j < shared.length; j++) {
      const g = goldCluster.get(shared[i]!) === goldCluster.get(shared[j]!);
      const p = predEntity.get(shared[i]!) === predEntity.get(shared[j]!);
      if (g && p) counts.links.tp++;
      else if (p) counts.links.fp++;
      else if (g) counts.links.fn++;
    }
  }
}

export function corefReport(counts: CorefCounts): { mentions: Prf; links: Prf } {
  return { mentions: prf(counts.mentions), links: prf(counts.links) };
}
