const FOLDED = /^[a-z0-9']+(?: [a-z0-9']+)*$/u;

/**
 * The gazetteer's name key: accents, case, apostrophe variants, hyphens and dots folded away.
 * scripts/build-gazetteer.mjs folds the stored names with the same function: keep the two in step.
 */
export function geoKey(s: string): string {
  if (FOLDED.test(s)) return s;
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘ʼ´`]/gu, "'")
    .replace(/[-‐‑–—_.,]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

const ARTICLE = /^(?:(?:le|la|les|the|el|los|las) |l')(?=\S)/u;

/** The key without a leading article ("la Havane" → "havane"), or undefined when there is none. */
export function withoutArticle(key: string): string | undefined {
  const m = ARTICLE.exec(key);
  return m ? key.slice(m[0].length) : undefined;
}
