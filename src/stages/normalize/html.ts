import { compile, type DomNode, type FormatCallback, type SelectorDefinition } from "html-to-text";
import { VigieError } from "../../errors.js";
import { normalizeText } from "./normalize.js";

export interface HtmlArticle {
  text: string;
  title?: string;
  /** As written in the page (meta or <time datetime>); callers validate and reduce it. */
  published?: string;
  /** Primary language subtag of <html lang>, lowercased ("fr" for "fr-FR"). */
  lang?: string;
}

interface PageMeta {
  title?: string;
  rawTitle?: string;
  ogTitle?: string;
  published?: string;
  time?: string;
  lang?: string;
}

const PUBLISHED_META = new Set([
  "article:published_time",
  "og:article:published_time",
  "datepublished",
  "date",
  "dc.date",
  "dc.date.issued",
  "dcterms.created",
  "pubdate",
]);

const LANG_SUBTAG = /^([a-z]{2,3})(?:[-_]|$)/;

function metaOf(builder: unknown): PageMeta {
  // html-to-text passes the per-call metadata object to formatters through the builder, but its
  // type definitions do not declare the field.
  return (builder as { metadata: PageMeta }).metadata;
}

function attr(elem: DomNode, name: string): string | undefined {
  const value: unknown = (elem.attribs as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function textContent(nodes: DomNode[]): string {
  let out = "";
  for (const n of nodes) {
    if (n.type === "text") out += n.data ?? "";
    else if (n.children) out += textContent(n.children);
  }
  return out;
}

function collapse(s: string): string | undefined {
  const c = normalizeText(s).split(/\s+/u).filter(Boolean).join(" ");
  return c === "" ? undefined : c;
}

const formatters: Record<string, FormatCallback> = {
  vigieRoot(elem, walk, builder) {
    const lang = attr(elem, "lang")?.toLowerCase();
    const m = lang === undefined ? null : LANG_SUBTAG.exec(lang);
    if (m?.[1] !== undefined) metaOf(builder).lang ??= m[1];
    walk(elem.children, builder);
  },
  vigieTitle(elem, _walk, builder) {
    const meta = metaOf(builder);
    if (meta.rawTitle !== undefined) return;
    meta.rawTitle = textContent(elem.children);
    meta.title = collapse(meta.rawTitle);
  },
  vigieMeta(elem, _walk, builder) {
    const meta = metaOf(builder);
    const key = (attr(elem, "property") ?? attr(elem, "name") ?? attr(elem, "itemprop"))?.toLowerCase();
    const content = attr(elem, "content");
    if (key === undefined || content === undefined) return;
    if (key === "og:title" || key === "twitter:title") meta.ogTitle ??= collapse(content);
    else if (PUBLISHED_META.has(key)) meta.published ??= content;
  },
  vigieTime(elem, walk, builder) {
    const datetime = attr(elem, "datetime");
    if (datetime !== undefined) metaOf(builder).time ??= datetime;
    walk(elem.children, builder);
  },
};

const block = (n: number) => ({ leadingLineBreaks: n, trailingLineBreaks: n });

const SKIPPED = [
  "nav",
  "footer",
  "aside",
  "noscript",
  "template",
  "iframe",
  "object",
  "svg",
  "canvas",
  "img",
  "picture",
  "video",
  "audio",
  "form",
  "button",
  "select",
  "input",
  "textarea",
  "hr",
  "[hidden]",
  '[aria-hidden="true"]',
];

const selectors: SelectorDefinition[] = [
  ...SKIPPED.map((selector) => ({ selector, format: "skip" })),
  { selector: "html", format: "vigieRoot" },
  { selector: "title", format: "vigieTitle" },
  { selector: "meta", format: "vigieMeta" },
  { selector: "time", format: "vigieTime" },
  { selector: "a", options: { ignoreHref: true } },
  ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
    selector,
    format: "heading",
    options: { ...block(2), uppercase: false },
  })),
  { selector: "p", format: "paragraph", options: block(2) },
  { selector: "blockquote", format: "block", options: block(2) },
  { selector: "figcaption", format: "block", options: block(2) },
  { selector: "ul", options: { itemPrefix: "- " } },
  { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
];

// The compiled function does take the metadata argument; the type definitions leave it out.
const convert = compile({
  wordwrap: false,
  baseElements: { selectors: ["html"], returnDomByDefault: true },
  limits: { maxInputLength: Number.MAX_SAFE_INTEGER },
  formatters,
  selectors,
}) as (html: string, metadata: PageMeta) => string;

/** Joins html-to-text's blocks with exactly one blank line and drops trailing spaces. */
function tidy(text: string): string {
  const out: string[] = [];
  for (const raw of normalizeText(text).split("\n")) {
    const line = raw.trimEnd();
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.join("\n");
}

/**
 * Plain text of an HTML article: headings and paragraphs separated by blank lines, no links,
 * images, scripts, styles, navigation, footers or asides. Broken markup still gives its text.
 */
export function htmlToText(html: string, source: string): HtmlArticle {
  const meta: PageMeta = {};
  let body: string;
  try {
    body = convert(html, meta);
  } catch (e) {
    throw new VigieError("INPUT_HTML", `${source}: could not read the HTML (${String(e)})`, {
      cause: e,
      input: source,
    });
  }
  let text = tidy(body);
  if (text === "" && meta.rawTitle?.includes("<")) {
    // An unclosed <title> swallows the rest of the page as raw text; read that text as HTML.
    text = tidy(convert(meta.rawTitle, {}));
    meta.title = undefined;
  }
  if (text === "") {
    throw new VigieError("INPUT_EMPTY", `${source}: the HTML page has no text`, { input: source });
  }
  const result: HtmlArticle = { text };
  // og:title usually lacks the " | Site name" suffix that <title> carries.
  const title = meta.ogTitle ?? meta.title;
  if (title !== undefined) result.title = title;
  const published = meta.published ?? meta.time;
  if (published !== undefined) result.published = published;
  if (meta.lang !== undefined) result.lang = meta.lang;
  return result;
}
