import { analyze } from "../analyze.js";
import type { VDocument } from "../doc/document.js";
import type { Lang } from "../doc/types.js";

/** Analyses one invented sentence with a fixed publication date, for table-driven stage tests. */
export function run(lang: Lang, text: string, published = "2024-03-14"): VDocument {
  return analyze({ id: "test", text, lang, published });
}

export const mentionTexts = (doc: VDocument): string[] => doc.mentions.map((m) => doc.spanText(m.span));

export const entityName = (doc: VDocument, i: number): string => doc.entities[i]?.name ?? "?";

/** Events as "TYPE source>target" strings with entity names, for compact assertions. */
export function eventStrings(doc: VDocument): string[] {
  const names = (xs: number[]) => xs.map((x) => entityName(doc, x)).join("+");
  return doc.events.map((e) => `${e.type} ${names(e.source)}>${names(e.target)}`);
}
