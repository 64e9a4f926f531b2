import type { VDocument } from "../../doc/document.js";
import type { TokenSpan } from "../../doc/types.js";
import { narrativeToday } from "../dates/dates.js";

/** At most how many sentences open an article as its lede (a headline counts as one). */
export const LEDE_SENTENCES = 3;

/**
 * An undated event of the lede is the news of the day: it takes the article's "today" (the
 * publication day, or the narrative's own day when it wrote "mercredi … hier soir" and came out on
 * Thursday), with day precision. Only with a day-precise publication date; anywhere else an undated
 * event stays "unknown". Runs after the events stage has merged repeated mentions, so that an
 * undated headline still merges with the dated report of the same happening.
 */
export function dateLedeEvents(doc: VDocument): void {
  const published = doc.meta.published;
  if (!published || !/^\d{4}-\d{2}-\d{2}$/u.test(published)) return;
  let today: string | undefined;
  for (const ev of doc.events) {
    if (ev.datePrecision !== "unknown" || !inLede(doc, ev.trigger)) continue;
    today ??= narrativeToday(doc.text, doc.lang ?? "en", published) ?? published;
    ev.date = today;
    ev.datePrecision = "day";
  }
}

/**
 * The lede is the first paragraph's first sentences, or the second paragraph's when the first is a
 * headline (one line without final punctuation).
 */
function inLede(doc: VDocument, trigger: TokenSpan): boolean {
  if (doc.sentenceOf(trigger.start) >= LEDE_SENTENCES) return false;
  const [first, second] = doc.paragraphs;
  if (!first) return false;
  if (trigger.start < first.end) return true;
  const headline = first.end - first.start > 0 && !/[.!?…»"”]$/u.test(doc.tokenText(first.end - 1));
  return headline && second !== undefined && trigger.start < second.end;
}
