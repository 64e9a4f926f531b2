import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Geo } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { geoKey, withoutArticle } from "./normalise.js";

/** One gazetteer entry. `geonameid` is 0 for countries and regions (the packages give none). */
export interface Place {
  index: number;
  geonameid: number;
  name: string;
  lat: number;
  lon: number;
  /** GeoNames feature code: PPL*, ADM1, PCLI (independent country), PCLD (dependency). */
  feature: string;
  /** ISO alpha-3 country code. */
  country: string;
  admin1: string;
  population: number;
}

const COLUMNS = 9;

/**
 * The offline gazetteer of scripts/build-gazetteer.mjs (GeoNames cities500, countries, first-level
 * regions), held in parallel arrays: 200k places cost one row of each array, not one object each.
 * The name index maps a folded key to one place index, or to several in file order (population,
 * largest first).
 */
export class Gazetteer {
  readonly size: number;
  private readonly ids: Int32Array;
  private readonly lats: Float32Array;
  private readonly lons: Float32Array;
  private readonly pops: Float64Array;
  private readonly names: string[];
  private readonly features: string[];
  private readonly countries: string[];
  private readonly admins: string[];
  private readonly index = new Map<string, number | number[]>();
  private readonly capitals = new Map<string, number>();
  private readonly countryRows = new Map<string, number>();
  private readonly regionRows = new Map<string, number>();

  constructor(text: string, source = "gazetteer") {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    const n = lines.length;
    this.size = n;
    this.ids = new Int32Array(n);
    this.lats = new Float32Array(n);
    this.lons = new Float32Array(n);
    this.pops = new Float64Array(n);
    this.names = new Array<string>(n);
    this.features = new Array<string>(n);
    this.countries = new Array<string>(n);
    this.admins = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const f = lines[i]!.split("\t");
      if (f.length !== COLUMNS) {
        throw new VigieError(
          "GAZETTEER_DATA",
          `${source}:${i + 1}: expected ${COLUMNS} tab-separated fields, found ${f.length} (rebuild it: node scripts/build-gazetteer.mjs)`,
          { input: source },
        );
      }
      const [id, name, lat, lon, feature, country, admin1, pop, keys] = f as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      this.ids[i] = Number(id);
      this.names[i] = name;
      this.lats[i] = Number(lat);
      this.lons[i] = Number(lon);
      this.features[i] = feature;
      this.countries[i] = country;
      this.admins[i] = admin1;
      this.pops[i] = Number(pop);
      if (feature === "PCLI" || feature === "PCLD") {
        if (!this.countryRows.has(country)) this.countryRows.set(country, i);
      } else if (feature === "PPLC") {
        if (!this.capitals.has(country)) this.capitals.set(country, i);
      } else if (feature === "ADM1") {
        this.regionRows.set(`${country}.${admin1}`, i);
      }
      for (const k of keys.split("|")) this.add(k, i);
    }
  }

  private add(key: string, i: number): void {
    if (!key) return;
    const cur = this.index.get(key);
    if (cur === undefined) this.index.set(key, i);
    else if (typeof cur === "number") {
      if (cur !== i) this.index.set(key, [cur, i]);
    } else if (cur.at(-1) !== i) cur.push(i);
  }

  /** Places called `name` (any case, accents, article), most populous first. */
  candidates(name: string): readonly number[] {
    const key = geoKey(name);
    const hit = this.index.get(key) ?? this.index.get(withoutArticle(key) ?? "");
    if (hit === undefined) return [];
    return typeof hit === "number" ? [hit] : hit;
  }

  has(name: string): boolean {
    return this.candidates(name).length > 0;
  }

  place(i: number): Place {
    return {
      index: i,
      geonameid: this.ids[i]!,
      name: this.names[i]!,
      lat: this.lats[i]!,
      lon: this.lons[i]!,
      feature: this.features[i]!,
      country: this.countries[i]!,
      admin1: this.admins[i]!,
      population: this.pops[i]!,
    };
  }

  name(i: number): string {
    return this.names[i]!;
  }

  feature(i: number): string {
    return this.features[i]!;
  }

  country(i: number): string {
    return this.countries[i]!;
  }

  admin1(i: number): string {
    return this.admins[i]!;
  }

  population(i: number): number {
    return this.pops[i]!;
  }

  lat(i: number): number {
    return this.lats[i]!;
  }

  lon(i: number): number {
    return this.lons[i]!;
  }

  geo(i: number): Geo {
    const g: Geo = {
      lat: Math.round(this.lats[i]! * 1e4) / 1e4,
      lon: Math.round(this.lons[i]! * 1e4) / 1e4,
      country: this.countries[i]!,
      feature: this.features[i]!,
    };
    if (this.ids[i]) g.geonameid = this.ids[i];
    return g;
  }

  /** The capital city of an ISO3 country. */
  capitalOf(iso3: string): number | undefined {
    return this.capitals.get(iso3);
  }

  /** The country row of an ISO3 code. */
  countryRow(iso3: string): number | undefined {
    return this.countryRows.get(iso3);
  }

  /** The first-level region a place lies in, when the gazetteer has it. */
  regionOf(i: number): number | undefined {
    const a = this.admins[i];
    return a ? this.regionRows.get(`${this.countries[i]}.${a}`) : undefined;
  }
}

function defaultPath(): string {
  // From dist/geo/ the file sits beside this module; from src/geo/ (tests) it is in dist/geo/.
  const beside = fileURLToPath(new URL("./gazetteer.tsv", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../dist/geo/gazetteer.tsv", import.meta.url));
}

let loaded: Gazetteer | undefined;

/** The built gazetteer, read once on first use (about half a second). */
export function loadGazetteer(path = defaultPath()): Gazetteer {
  if (loaded && path === defaultPath()) return loaded;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new VigieError(
      "GAZETTEER_DATA",
      `${path}: gazetteer not found (it is built by npm run build, or: node scripts/build-gazetteer.mjs)`,
      { cause: e, input: path },
    );
  }
  const g = new Gazetteer(text, path);
  if (path === defaultPath()) loaded = g;
  return g;
}

const EARTH_KM = 6371;

/** Great-circle distance in kilometres. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
