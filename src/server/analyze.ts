import { analyze } from "../analyze.js";
import type { VDocument } from "../doc/document.js";
import { VigieError } from "../errors.js";
import { eventGeo } from "../output/exports.js";
import { toGold, type GoldArticle, type GoldEvent } from "../output/gold.js";
import { normalizeText } from "../stages/normalize/normalize.js";
import type { StoredDiagnostic } from "../store/types.js";

export interface ParsedInput {
  id: string;
  text: string;
  lang?: string;
  published?: string;
  title?: string;
  url?: string;
  source?: string;
}

export function prepareText(id: string, raw: string, maxBytes: number): string {
  const text = normalizeText(raw);
  if (text.trim() === "")
    throw new VigieError("INPUT_EMPTY", `${id}: the article has no text`, { input: id });
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes)
    throw new VigieError("INPUT_TOO_LARGE", `${id}: article is ${bytes} bytes; the limit is ${maxBytes}`, {
      input: id,
    });
  return text;
}

/** Gold annotations plus, per event, the coordinates of its place when known (for the map). */
export function analyzeToGold(input: ParsedInput): {
  doc: VDocument;
  gold: GoldArticle;
  diagnostics: StoredDiagnostic[];
} {
  const doc = analyze(input);
  const gold = toGold(doc);
  gold.events.forEach((ev, i) => {
    const g = doc.events[i] ? eventGeo(doc, doc.events[i]) : undefined;
    if (g) (ev as GoldEvent & { geo?: { lat: number; lon: number } }).geo = { lat: g[0], lon: g[1] };
  });
  return { doc, gold, diagnostics: diag(doc.diagnostics) };
}

function diag(ds: readonly { severity: string; code: string; message: string; stage?: string }[]) {
  return ds.map((d): StoredDiagnostic => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.stage ? { stage: d.stage } : {}),
  }));
}
