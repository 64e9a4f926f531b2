import type { CharRange, Geo } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { distanceKm } from "../geo/gazetteer.js";

/**
 * Geoparsing evaluation on corpora that mark toponyms with character offsets and coordinates: LGL
 * (`<toponym><start><end><phrase><gaztag><lat><lon>`) and GeoVirus
 * (`<location><name><start><end><lat><lon>`). Toponym detection is scored by overlap, one gold
 * toponym per prediction; resolution by the usual "accuracy within 161 km" (100 miles) on the
 * detected gold toponyms that have coordinates.
 */

export interface GeoGoldToponym {
  range: CharRange;
  phrase: string;
  lat?: number;
  lon?: number;
}

export interface GeoGoldArticle {
  id: string;
  text: string;
  toponyms: GeoGoldToponym[];
}

export interface PredictedToponym {
  range: CharRange;
  geo?: Geo;
}

export interface GeoReport {
  articles: number;
  gold: number;
  predicted: number;
  detection: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };
  /** Detected gold toponyms with coordinates whose prediction lies within 161 km. */
  accuracy161: number;
  resolved: { within161: number; total: number; noCoordinates: number };
  /** Gold offsets that did not match their phrase (skipped). */
  badOffsets: number;
}

export const ACCURACY_KM = 161;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);/giu, (_, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(
        e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e.toLowerCase()] ?? `&${e};`;
  });

function field(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "u").exec(xml);
  if (!m) return undefined;
  const v = m[1]!;
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/u.exec(v);
  return cdata ? cdata[1]! : unescapeXml(v);
}

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s));

/** Reads an LGL or GeoVirus file (the format is told by its toponym element). */
export function parseGeoCorpus(xml: string, source: string): GeoGoldArticle[] {
  const isLgl = xml.includes("<toponym>");
  const isGeoVirus = xml.includes("<location>");
  if (!isLgl && !isGeoVirus) {
    throw new VigieError("GOLD_FORMAT", `${source}: neither LGL (<toponym>) nor GeoVirus (<location>) XML`, {
      input: source,
    });
  }
  const out: GeoGoldArticle[] = [];
  let n = 0;
  for (const m of xml.matchAll(/<article\b([^>]*)>([\s\S]*?)<\/article>/gu)) {
    n++;
    const body = m[2]!;
    const text = field(body, "text");
    if (text === undefined) {
      throw new VigieError("GOLD_FORMAT", `${source}: article ${n} has no <text>`, { input: source });
    }
    const id = /docid="([^"]*)"/u.exec(m[1]!)?.[1] ?? field(body, "source") ?? String(n);
    const toponyms: GeoGoldToponym[] = [];
    for (const t of body.matchAll(
      isLgl ? /<toponym>([\s\S]*?)<\/toponym>/gu : /<location>([\s\S]*?)<\/location>/gu,
    )) {
      const x = t[1]!;
      const start = num(field(x, "start"));
      const end = num(field(x, "end"));
      // GeoVirus lists a few locations with empty offsets: nothing in the text to detect.
      if (start === undefined && end === undefined) continue;
      if (start === undefined || end === undefined || !(end > start)) {
        throw new VigieError("GOLD_FORMAT", `${source}: article ${id}: a toponym lacks <start>/<end>`, {
          input: source,
        });
      }
      const top: GeoGoldToponym = { range: [start, end], phrase: field(x, isLgl ? "phrase" : "name") ?? "" };
      const lat = num(field(x, "lat"));
      const lon = num(field(x, "lon"));
      if (lat !== undefined && lon !== undefined && Number.isFinite(lat) && Number.isFinite(lon)) {
        top.lat = lat;
        top.lon = lon;
      }
      toponyms.push(top);
    }
    out.push({ id, text, toponyms: realign(text, toponyms) });
  }
  return out;
}

/**
 * GeoVirus offsets count from 1 (its texts lost a leading character): shift an article's offsets
 * by the amount, among -1, 0 and 1, that makes most of them match their phrase.
 */
function realign(text: string, toponyms: GeoGoldToponym[]): GeoGoldToponym[] {
  let best = 0;
  let bestHits = -1;
  for (const shift of [0, -1, 1]) {
    const hits = toponyms.filter(
      (t) => text.slice(t.range[0] + shift, t.range[1] + shift) === t.phrase,
    ).length;
    if (hits > bestHits) {
      best = shift;
      bestHits = hits;
    }
  }
  if (best === 0) return toponyms;
  return toponyms.map((t) => ({ ...t, range: [t.range[0] + best, t.range[1] + best] }));
}

const round3 = (x: number) => +x.toFixed(3);

/** Scores predicted toponyms (per article id) against the gold. */
export function scoreGeo(gold: readonly GeoGoldArticle[], pred: Map<string, PredictedToponym[]>): GeoReport {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let within = 0;
  let total = 0;
  let noCoordinates = 0;
  let badOffsets = 0;
  let goldCount = 0;
  let predCount = 0;
  for (const a of gold) {
    const ps = pred.get(a.id) ?? [];
    predCount += ps.length;
    const used = new Set<number>();
    const matchedPred = new Set<number>();
    for (const g of a.toponyms) {
      const surface = a.text.slice(g.range[0], g.range[1]);
      if (g.phrase && surface !== g.phrase) {
        badOffsets++;
        continue;
      }
      goldCount++;
      const k = ps.findIndex((p, i) => !used.has(i) && p.range[0] < g.range[1] && p.range[1] > g.range[0]);
      if (k < 0) {
        fn++;
        continue;
      }
      used.add(k);
      matchedPred.add(k);
      tp++;
      if (g.lat === undefined || g.lon === undefined) continue;
      total++;
      const geo = ps[k]!.geo;
      if (!geo) {
        noCoordinates++;
        continue;
      }
      if (distanceKm(g.lat, g.lon, geo.lat, geo.lon) <= ACCURACY_KM) within++;
    }
    // A prediction overlapping a gold toponym already matched (a longer or split span) is neither
    // a hit nor a false alarm.
    for (let i = 0; i < ps.length; i++) {
      if (matchedPred.has(i)) continue;
      const p = ps[i]!;
      if (!a.toponyms.some((g) => p.range[0] < g.range[1] && p.range[1] > g.range[0])) fp++;
    }
  }
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return {
    articles: gold.length,
    gold: goldCount,
    predicted: predCount,
    detection: {
      precision: round3(p),
      recall: round3(r),
      f1: round3(p + r ? (2 * p * r) / (p + r) : 0),
      tp,
      fp,
      fn,
    },
    accuracy161: round3(total ? within / total : 0),
    resolved: { within161: within, total, noCoordinates },
    badOffsets,
  };
}
