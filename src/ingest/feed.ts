import { VigieError } from "../errors.js";
import { parsePublished } from "../input/read.js";
import { htmlToText, normalizeText } from "../stages/normalize/normalize.js";

export interface FeedItem {
  /** guid, Atom id or link; else the feed's origin and the item's number. */
  id: string;
  /** "feed.xml#3": the third item of the file. */
  origin: string;
  title?: string;
  url?: string;
  published?: string;
  source?: string;
  lang?: string;
  text: string;
}

export type FeedEntry = FeedItem | { origin: string; id?: string; error: VigieError };

/** Whether a document's first element is an RSS, RDF or Atom feed root. */
export function isFeed(head: string): boolean {
  const s = head
    .replace(/^\uFEFF/u, "")
    .replace(/^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/iu, "");
  return /^<(?:rss|feed|rdf:RDF)\b/iu.test(s);
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (m, e: string) => {
    if (e[0] === "#") {
      const n =
        e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Character data of an element: CDATA sections kept verbatim, the rest entity-decoded. */
function content(inner: string): string {
  let out = "";
  let last = 0;
  for (const m of inner.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/gu)) {
    out += decodeXml(inner.slice(last, m.index)) + m[1]!;
    last = m.index + m[0].length;
  }
  return (out + decodeXml(inner.slice(last))).trim();
}

function field(block: string, names: string[]): string | undefined {
  for (const name of names) {
    const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`, "iu");
    const m = re.exec(block);
    if (m) {
      const v = content(m[1]!);
      if (v !== "") return v;
    }
  }
  return undefined;
}

function atomLink(block: string): string | undefined {
  let fallback: string | undefined;
  for (const m of block.matchAll(/<link\b([^>]*)>/giu)) {
    const attrs = m[1]!;
    const href = /\bhref\s*=\s*["']([^"']*)["']/iu.exec(attrs)?.[1];
    if (!href) continue;
    const rel = /\brel\s*=\s*["']([^"']*)["']/iu.exec(attrs)?.[1];
    if (rel === undefined || rel === "alternate") return decodeXml(href);
    fallback ??= decodeXml(href);
  }
  return fallback;
}

/** Reduces RSS's RFC 822 dates ("Tue, 05 Mar 2019 10:00:00 +0100") and ISO ones to a date. */
function feedDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const iso = parsePublished(s);
  if (iso) return iso;
  const m = /(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})/iu.exec(s);
  if (!m) return undefined;
  const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const mo = months.indexOf(m[2]!.toLowerCase());
  if (mo < 0) return undefined;
  return `${m[3]}-${String(mo + 1).padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
}

/** Feed bodies are HTML fragments (escaped or CDATA); plain text goes through unchanged. */
function bodyText(s: string, origin: string): string {
  if (!/<[a-z!/]/iu.test(s)) return normalizeText(s);
  return htmlToText(`<html><body>${s}</body></html>`, origin).text;
}

/**
 * Reads the items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed. Tolerant: it looks for item and entry
 * elements rather than validating the XML, so a truncated or sloppy feed still gives its complete
 * items; an item without text is a failure, and the others go on.
 */
export function parseFeed(xml: string, origin: string): FeedEntry[] {
  const atom = /<feed\b/iu.test(xml.slice(0, 4096)) && !/<rss\b/iu.test(xml.slice(0, 4096));
  const tag = atom ? "entry" : "item";
  const blocks = [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}\\s*>`, "giu"))].map(
    (m) => m[1]!,
  );
  if (blocks.length === 0) {
    return [
      {
        origin,
        error: new VigieError("INPUT_FEED", `${origin}: a feed without any complete <${tag}> element`, {
          input: origin,
        }),
      },
    ];
  }
  const head = xml.slice(0, xml.search(new RegExp(`<${tag}\\b`, "iu")));
  const source = field(head, ["title"]);
  const lang = field(head, ["language", "dc:language"])?.slice(0, 2).toLowerCase();
  const feedLang = /\bxml:lang\s*=\s*["']([a-z]{2})/iu.exec(head)?.[1]?.toLowerCase();
  return blocks.map((b, i): FeedEntry => {
    const itemOrigin = `${origin}#${i + 1}`;
    const url = atom ? atomLink(b) : (field(b, ["link"]) ?? atomLink(b));
    const id = field(b, ["guid", "id"]) ?? url ?? itemOrigin;
    const raw = field(b, ["content:encoded", "content", "description", "summary"]);
    let text: string;
    try {
      text = raw === undefined ? "" : bodyText(raw, itemOrigin);
    } catch (e) {
      return {
        origin: itemOrigin,
        id,
        error: new VigieError("INPUT_FEED", `${itemOrigin}: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
          input: itemOrigin,
        }),
      };
    }
    if (text.trim() === "") {
      return {
        origin: itemOrigin,
        id,
        error: new VigieError("INPUT_EMPTY", `${itemOrigin}: the feed item has no text`, {
          input: itemOrigin,
        }),
      };
    }
    const item: FeedItem = { id, origin: itemOrigin, text };
    const title = field(b, ["title"]);
    if (title) item.title = /<[a-z]/iu.test(title) ? bodyText(title, itemOrigin) : title;
    if (url) item.url = url;
    const published = feedDate(field(b, ["pubDate", "published", "updated", "dc:date"]));
    if (published) item.published = published;
    if (source) item.source = source;
    const l = lang ?? feedLang;
    if (l) item.lang = l;
    return item;
  });
}
