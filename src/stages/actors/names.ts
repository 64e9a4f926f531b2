import { foldForMatch } from "../normalize/normalize.js";

export const stripAccents = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "");

/** Comparison key of a name: folded, accentless, Arabic article prefixes dropped. */
export function nameKey(s: string): string {
  return stripAccents(foldForMatch(s))
    .replace(/\b(?:al|el|ul)-/gu, "")
    .replace(/^(?:le|la|les|l'|the|el|los|las) /u, "")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * A rough transliteration key: French and Spanish spell Russian and Arabic names by their own
 * sound rules ("Choïgou", "Shoigú", "Shoigu"; "Sarraj", "Sarradj"), so the key folds the usual
 * variants (ch/sh/sch, ou/u, dj/j, kh/h, ph/f, y/i, doubled letters) before comparing.
 */
export function translitKey(s: string): string {
  let key = translitCache.get(s);
  if (key === undefined) {
    key = computeTranslitKey(s);
    if (translitCache.size > 50_000) translitCache.clear();
    translitCache.set(s, key);
  }
  return key;
}

const translitCache = new Map<string, string>();

function computeTranslitKey(s: string): string {
  return stripAccents(s.toLowerCase())
    .replace(/^(?:al|el|ul|ad|ar|as|ash|an)-/u, "")
    .replace(/sch|sh|ch/gu, "s")
    .replace(/ou/gu, "u")
    .replace(/dj|dzh|zh/gu, "j")
    .replace(/kh/gu, "h")
    .replace(/ph/gu, "f")
    .replace(/[yj](?=[aeiou])/gu, "i")
    .replace(/y/gu, "i")
    .replace(/(\p{L})\1/gu, "$1");
}

/** Levenshtein distance capped at 2, enough to tell "Kaboré" from "Kabori". */
export function closeSpelling(a: string, b: string): boolean {
  if (a.length >= 5 && b.length >= 5 && translitKey(a) === translitKey(b)) return true;
  if (Math.abs(a.length - b.length) > 1 || a.length < 6) return false;
  let diff = 0;
  if (a.length === b.length) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diff > 1) return false;
    return diff === 1;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  while (i < s.length && j < l.length) {
    if (s[i] === l[j]) i++;
    else if (++diff > 1) return false;
    j++;
  }
  return true;
}
