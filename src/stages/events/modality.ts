import type { Modality, TokenSpan } from "../../doc/types.js";
import { GRAMMAR } from "../../locales/grammar.js";
import { matchPatterns, type Locale } from "../../locales/index.js";
import type { WordPattern } from "../../locales/types.js";
import type { SentenceView } from "./context.js";
import { uniq } from "./context.js";

/** Tokens before a trigger in which a negation, hedge or future marker still governs it. */
const GOVERN_BEFORE = 5;
const GOVERN_AFTER = 2;

/** How firmly a modality asserts a fact; a merged event or relation keeps the strongest. */
export const MODALITY_STRENGTH: Record<Modality, number> = {
  asserted: 6,
  reported: 5,
  alleged: 4,
  planned: 3,
  hypothetical: 2,
  denied: 1,
  negated: 0,
};

export interface ModalityResult {
  modality: Modality;
  reportedBy: number[];
}

function hitIn(
  locale: Locale,
  view: SentenceView,
  patterns: WordPattern[],
  from: number,
  to: number,
): number {
  // Words inside names are not cues ("United States", "Will Smith").
  for (let i = Math.max(0, from); i < to; i++) {
    if (view.mentionAt[i]! < 0 && matchPatterns(patterns, view.lower, i) > 0) return i;
  }
  return -1;
}

/**
 * Modality of the clause around a trigger, from the locale's cues. Precedence follows the gold
 * conventions: negated wins over everything, a hedge (conditional, "reportedly") over a named
 * source, and a named source over a bare assertion.
 */
export function modalityOf(
  view: SentenceView,
  locale: Locale,
  trigger: TokenSpan,
  sent: TokenSpan,
): ModalityResult {
  const cues = locale.cues;
  const near = (ps: WordPattern[]) =>
    hitIn(
      locale,
      view,
      ps,
      Math.max(sent.start, trigger.start - GOVERN_BEFORE),
      Math.min(sent.end, trigger.end + GOVERN_AFTER),
    );
  const reportedBy = reporters(view, locale, trigger, sent);
  if (near(cues.negation) >= 0) return { modality: "negated", reportedBy };
  if (hitIn(locale, view, cues.denied, sent.start, sent.end) >= 0) return { modality: "denied", reportedBy };
  if (near(cues.alleged) >= 0) return { modality: "alleged", reportedBy };
  if (hitIn(locale, view, cues.hypothetical, sent.start, trigger.start) >= 0) {
    return { modality: "hypothetical", reportedBy };
  }
  const planned = near(cues.planned);
  if (planned >= 0 && planned < trigger.start) return { modality: "planned", reportedBy };
  // "venus pour tuer", "sent to attack", "para atacar": a purpose, not a fact.
  if (purposeBefore(view, trigger)) return { modality: "planned", reportedBy };
  if (reportedBy.length) return { modality: "reported", reportedBy };
  return { modality: "asserted", reportedBy };
}

function purposeBefore(view: SentenceView, trigger: TokenSpan): boolean {
  const g = GRAMMAR[view.lang];
  const prev = view.lower[trigger.start - 1] ?? "";
  const prev2 = view.lower[trigger.start - 2] ?? "";
  const purpose = g.purpose.includes(prev) || (prev === "de" && g.purpose.includes(prev2));
  if (!purpose) return false;
  // "tried to seize", "began to shell": an attempt or a start is the act itself.
  for (let i = trigger.start - 2; i >= Math.max(0, trigger.start - 4); i--) {
    if (g.attempt.includes(view.lower[i]!)) return false;
  }
  return true;
}

/** Entities a claim is attributed to: "selon X", "X a déclaré", "« ... », a ajouté X". */
function reporters(view: SentenceView, locale: Locale, trigger: TokenSpan, sent: TokenSpan): number[] {
  const g = GRAMMAR[view.lang];
  const out: number[] = [];
  for (let i = sent.start; i < sent.end; i++) {
    if ((i >= trigger.start && i < trigger.end) || view.mentionAt[i]! >= 0) continue;
    const attr = matchPatterns(locale.cues.attribution, view.lower, i);
    if (attr > 0) {
      for (let j = i + attr; j < Math.min(sent.end, i + attr + 4); j++) {
        const k = view.mentionAt[j]!;
        if (k >= 0) {
          const e = view.entityOf(k);
          if (e !== undefined) out.push(e);
          break;
        }
        if (!g.determiners.includes(view.lower[j]!) && !g.genitive.includes(view.lower[j]!)) break;
      }
      continue;
    }
    const rep = matchPatterns(locale.cues.reportingVerbs, view.lower, i);
    if (rep > 0) {
      // Before the claim the speaker is the verb's subject ("X a déclaré que ..."); after it the
      // speaker is inverted ("« ... », a déclaré le ministère", "..., said Reuters").
      const speaker =
        i < trigger.start
          ? nearestMention(view, i - 1, Math.max(sent.start, i - 6), -1)
          : (nearestMention(view, i + rep, Math.min(sent.end, i + rep + 5), 1) ??
            nearestMention(view, i - 1, Math.max(trigger.end, i - 4), -1));
      if (speaker !== undefined) out.push(speaker);
    }
  }
  return uniq(out);
}

function nearestMention(view: SentenceView, from: number, limit: number, step: 1 | -1): number | undefined {
  for (let j = from; step > 0 ? j < limit : j >= limit; j += step) {
    const tok = view.lower[j]!;
    if (step > 0 && (tok === "," || tok === ".")) return undefined;
    const k = view.mentionAt[j]!;
    if (k >= 0) return view.entityOf(k);
  }
  return undefined;
}
