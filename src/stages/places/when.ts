import type { VDocument } from "../../doc/document.js";
import type { TokenSpan } from "../../doc/types.js";
import { narrativeToday } from "../dates/dates.js";

/** How many sentences open an article as its lede (a headline counts as one). */
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

function inLede(doc: VDocument, trigger: TokenSpan): boolean {
  return doc.sentenceOf(trigger.start) < LEDE_SENTENCES;
}
