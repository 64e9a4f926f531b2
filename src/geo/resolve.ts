import { distanceKm, type Gazetteer } from "./gazetteer.js";
import { geoKey } from "./normalise.js";

/** What an article says about where it is: the evidence the disambiguation weighs. */
export interface GeoContext {
  /** ISO3 country → weight (countries named, actors' countries, demonyms). */
  focus: Map<string, number>;
  /** Places already resolved in the same article (gazetteer indices). */
  resolved: number[];
  /** A country the text itself pins the name to ("Tripoli, Libya", "Paris, Texas"). */
  within?: { country?: string; admin1?: string };
}

export const emptyContext = (): GeoContext => ({ focus: new Map(), resolved: [] });

/**
 * Weights of the disambiguation score, tuned on the LGL and GeoVirus development corpora
 * (`vigie eval geo`): population decides between unrelated namesakes, the article's country focus
 * and nearby co-mentioned places override it for small local places.
 */
export const WEIGHTS = {
  /** Per decade of population. */
  population: 1,
  /** Countries and capitals are what an unqualified name means in world news. */
  country: 9,
  capital: 1.2,
  admin: 0.5,
  region: -1.2,
  /** Times the share of the article's country evidence that points at the candidate's country. */
  focus: 6,
  /** A co-mentioned place within NEAR_KM. */
  near: 2.5,
  sameRegion: 2.5,
  /** The name is the place's own, not an alternate ("Augusta" is Augsburg's Latin name). */
  ownName: 1.5,
};
const NEAR_KM = 250;

export function scoreCandidate(
  gaz: Gazetteer,
  i: number,
  ctx: GeoContext,
  focusTotal: number,
  key?: string,
): number {
  const feature = gaz.feature(i);
  const country = gaz.country(i);
  const isCountry = feature === "PCLI" || feature === "PCLD" || feature === "CONT";
  let s = isCountry ? WEIGHTS.country : Math.log10(gaz.population(i) + 10) * WEIGHTS.population;
  if (feature === "PPLC") s += WEIGHTS.capital;
  else if (feature === "PPLA") s += WEIGHTS.admin;
  else if (feature === "ADM1") s += WEIGHTS.region;
  if (key !== undefined && gaz.ownKey(i) === key) s += WEIGHTS.ownName;
  if (focusTotal > 0) s += (WEIGHTS.focus * (ctx.focus.get(country) ?? 0)) / focusTotal;
  if (!isCountry && ctx.resolved.length) {
    const lat = gaz.lat(i);
    const lon = gaz.lon(i);
    const admin = gaz.admin1(i);
    let near = false;
    let region = false;
    for (const r of ctx.resolved) {
      if (r === i) continue;
      const f = gaz.feature(r);
      if (f === "PCLI" || f === "PCLD") continue;
      if (admin && gaz.country(r) === country && gaz.admin1(r) === admin) region = true;
      if (f !== "ADM1" && distanceKm(lat, lon, gaz.lat(r), gaz.lon(r)) < NEAR_KM) near = true;
    }
    if (near) s += WEIGHTS.near;
    if (region) s += WEIGHTS.sameRegion;
  }
  return s;
}

/** The best place for a name in this context, or undefined when the gazetteer has no such name. */
export function resolveName(gaz: Gazetteer, name: string, ctx: GeoContext): number | undefined {
  let cands = gaz.candidates(name);
  if (cands.length === 0) return undefined;
  if (ctx.within) {
    const { country, admin1 } = ctx.within;
    const narrowed = cands.filter(
      (i) => (!country || gaz.country(i) === country) && (!admin1 || gaz.admin1(i) === admin1),
    );
    if (narrowed.length) cands = narrowed;
  }
  if (cands.length === 1) return cands[0];
  const key = geoKey(name);
  let focusTotal = 0;
  for (const v of ctx.focus.values()) focusTotal += v;
  let best = cands[0]!;
  let bestScore = -Infinity;
  for (const i of cands) {
    const s = scoreCandidate(gaz, i, ctx, focusTotal, key);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}
