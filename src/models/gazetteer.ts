import type { Lang } from "../doc/types.js";
import { KnowledgeBase } from "../kb/index.js";
import type { Gazetteer } from "./ner.js";

let bundled: KnowledgeBase | undefined;

/**
 * NER gazetteer features from the bundled knowledge base: what kind of KB name a lowercase word is
 * (country, capital, organisation, state body), whether it opens a longer KB name, and whether it
 * is a demonym. Built from the bundled KB only, never from user files, so that the features at run
 * time are exactly those the committed weights were trained with.
 */
export function kbGazetteer(lang: Lang): Gazetteer {
  bundled ??= new KnowledgeBase();
  const kb = bundled;
  const cache = new Map<string, readonly string[]>();
  return (word) => {
    let tags = cache.get(word);
    if (tags) return tags;
    const found: string[] = [];
    for (const e of kb.lookupName(word, lang).slice(0, 2)) if (!found.includes(e.kind)) found.push(e.kind);
    if (found.length === 0 && kb.canStart(word)) found.push("name-start");
    if (kb.demonym(word, lang)) found.push("demonym");
    tags = found;
    if (cache.size > 200_000) cache.clear();
    cache.set(word, tags);
    return tags;
  };
}
