/**
 * Scores predicted articles against gold ones exactly as shared/tools/score-gold.mjs does (the
 * project's reference scorer); a test runs both on the same files and compares the reports.
 */

export interface ScoreArticle {
  id: string;
  lang?: string;
  entities?: ScoreEntity[];
  events?: ScoreItem[];
  relations?: ScoreItem[];
}

interface ScoreEntity {
  id: string;
  name?: string;
  type: string;
  mentions?: string[] | string;
}

interface ScoreItem {
  type: string;
  kind?: string | null;
  source?: string[] | string;
  target?: string[] | string;
  date?: string;
  location?: string;
  modality?: string;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface ScoreReport {
  articles: number;
  predicted: number;
  entities: Prf;
  mentions: Prf;
  events: Prf;
  events_ignoring_type: Prf;
  relations: Prf;
  on_matched_events: { date: number | null; location: number | null; modality: number | null };
  events_by_language: Record<string, number>;
}

export const normMention = (s: unknown): string =>
  String(s)
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’'`]/gu, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();

const placeTypes = new Set(["GPE", "LOC"]);
const typesAgree = (a: string, b: string) => a === b || (placeTypes.has(a) && placeTypes.has(b));
const list = <T>(v: T[] | T | null | undefined): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

function linkEntities(goldEnts: ScoreEntity[], predEnts: ScoreEntity[]): Map<string, string> {
  const goldByMention = new Map<string, ScoreEntity[]>();
  for (const g of goldEnts)
    for (const m of [g.name, ...list(g.mentions)]) {
      const k = normMention(m);
      if (!k) continue;
      if (!goldByMention.has(k)) goldByMention.set(k, []);
      goldByMention.get(k)!.push(g);
    }
  const link = new Map<string, string>();
  for (const p of predEnts) {
    const votes = new Map<string, number>();
    for (const m of new Set([p.name, ...list(p.mentions)].map(normMention))) {
      for (const g of goldByMention.get(m) ?? []) {
        if (!typesAgree(g.type, p.type)) continue;
        votes.set(g.id, (votes.get(g.id) ?? 0) + 1);
      }
    }
    let best: string | null = null;
    let bestVotes = 0;
    for (const [id, v] of votes)
      if (v > bestVotes) {
        best = id;
        bestVotes = v;
      }
    if (best) link.set(p.id, best);
  }
  return link;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const counts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const round3 = (x: number) => +x.toFixed(3);
export function prf({ tp, fp, fn }: Counts): Prf {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return {
    precision: round3(p),
    recall: round3(r),
    f1: round3(p + r ? (2 * p * r) / (p + r) : 0),
    tp,
    fp,
    fn,
  };
}

function matchItems<T>(gold: T[], pred: T[], same: (g: T, p: T) => boolean) {
  const used = new Set<number>();
  const pairs: [T, T][] = [];
  for (const p of pred) {
    const gi = gold.findIndex((g, i) => !used.has(i) && same(g, p));
    if (gi >= 0) {
      used.add(gi);
      pairs.push([gold[gi]!, p]);
    }
  }
  return { pairs, tp: pairs.length, fp: pred.length - pairs.length, fn: gold.length - pairs.length };
}

/** Gold and predictions keyed by article id; an article missing from `pred` predicts nothing. */
export function scoreGold(gold: Map<string, ScoreArticle>, pred: Map<string, ScoreArticle>): ScoreReport {
  const total = {
    entities: counts(),
    mentions: counts(),
    events: counts(),
    eventsUntyped: counts(),
    relations: counts(),
  };
  const attr: Record<"date" | "location" | "modality", [number, number]> = {
    date: [0, 0],
    location: [0, 0],
    modality: [0, 0],
  };
  const perLang: Record<string, Counts> = {};
  for (const [id, g] of gold) {
    const p: ScoreArticle = pred.get(id) ?? { id, entities: [], events: [], relations: [] };
    const gEnts = list(g.entities);
    const pEnts = list(p.entities);
    const link = linkEntities(gEnts, pEnts);
    const lang = (perLang[String(g.lang)] ??= counts());

    const linkedGold = new Set(link.values());
    const entTp = gEnts.filter((e) => linkedGold.has(e.id)).length;
    const entFp = pEnts.filter((e) => !link.has(e.id)).length;
    total.entities.tp += entTp;
    total.entities.fn += gEnts.length - entTp;
    total.entities.fp += entFp;

    const gm = new Set(gEnts.flatMap((e) => list(e.mentions).map(normMention)));
    const pm = new Set(pEnts.flatMap((e) => list(e.mentions).map(normMention)));
    for (const m of pm) {
      if (gm.has(m)) total.mentions.tp++;
      else total.mentions.fp++;
    }
    for (const m of gm) if (!pm.has(m)) total.mentions.fn++;

    const sideOk = (gSide: ScoreItem["source"], pSide: ScoreItem["source"]) => {
      const predIds = new Set(
        list(pSide)
          .map((x) => link.get(x))
          .filter(Boolean),
      );
      const gIds = list(gSide);
      if (gIds.length === 0) return list(pSide).length === 0;
      return gIds.every((x) => predIds.has(x));
    };
    const sameActors = (ge: ScoreItem, pe: ScoreItem) =>
      sideOk(ge.source, pe.source) && sideOk(ge.target, pe.target);
    const sameEvent = (ge: ScoreItem, pe: ScoreItem) => ge.type === pe.type && sameActors(ge, pe);
    const ev = matchItems(list(g.events), list(p.events), sameEvent);
    const evu = matchItems(list(g.events), list(p.events), sameActors);
    for (const k of ["tp", "fp", "fn"] as const) {
      total.events[k] += ev[k];
      total.eventsUntyped[k] += evu[k];
      lang[k] += ev[k];
    }
    for (const [ge, pe] of ev.pairs) {
      if (ge.date) {
        attr.date[1]++;
        if (pe.date === ge.date) attr.date[0]++;
      }
      if (ge.location) {
        attr.location[1]++;
        if (pe.location && normMention(pe.location) === normMention(ge.location)) attr.location[0]++;
      }
      if (ge.modality) {
        attr.modality[1]++;
        if (pe.modality === ge.modality) attr.modality[0]++;
      }
    }
    const sameRelation = (gr: ScoreItem, pr: ScoreItem) =>
      gr.type === pr.type && (gr.kind ?? null) === (pr.kind ?? null) && sameActors(gr, pr);
    const rel = matchItems(list(g.relations), list(p.relations), sameRelation);
    for (const k of ["tp", "fp", "fn"] as const) total.relations[k] += rel[k];
  }
  const ratio = ([ok, n]: [number, number]) => (n ? round3(ok / n) : null);
  return {
    articles: gold.size,
    predicted: [...gold.keys()].filter((id) => pred.has(id)).length,
    entities: prf(total.entities),
    mentions: prf(total.mentions),
    events: prf(total.events),
    events_ignoring_type: prf(total.eventsUntyped),
    relations: prf(total.relations),
    on_matched_events: {
      date: ratio(attr.date),
      location: ratio(attr.location),
      modality: ratio(attr.modality),
    },
    events_by_language: Object.fromEntries(Object.entries(perLang).map(([k, c]) => [k, prf(c).f1])),
  };
}

/** The reference scorer's text layout: one `key: value` line per field. */
export function formatReport(r: ScoreReport): string {
  return Object.entries(r)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join("\n");
}
