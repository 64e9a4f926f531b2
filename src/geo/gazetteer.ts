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

const COLUMNS = 8;
const KEYS_MARK = "%keys";

/**
 * The offline gazetteer of scripts/build-gazetteer.mjs (GeoNames cities500, countries, regions,
 * continents). Loading keeps the file's lines as they are: a place line is parsed into the
 * parallel arrays the first time a lookup reaches it, and names are found by binary search in the
 * sorted key lines, so that the CLI and every test start in a fraction of a second.
 */
export class Gazetteer {
  readonly size: number;
  private readonly lines: string[];
  private readonly keys: string[];
  private readonly keyRows: string[];
  private readonly parsed: Uint8Array;
  private readonly ids: Int32Array;
  private readonly lats: Float32Array;
  private readonly lons: Float32Array;
  private readonly pops: Float64Array;
  private readonly names: string[];
  private readonly features: string[];
  private readonly countries: string[];
  private readonly admins: string[];
  private readonly ownKeys: (string | undefined)[];

  constructor(
    text: string,
    private readonly source = "gazetteer",
  ) {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    const mark = lines.indexOf(KEYS_MARK);
    if (mark < 0) {
      throw new VigieError(
        "GAZETTEER_DATA",
        `${source}: no "${KEYS_MARK}" line (rebuild it: node scripts/build-gazetteer.mjs)`,
        { input: source },
      );
    }
    const n = mark;
    this.size = n;
    this.lines = lines;
    this.keys = new Array<string>(lines.length - mark - 1);
    this.keyRows = new Array<string>(lines.length - mark - 1);
    for (let i = mark + 1, k = 0; i < lines.length; i++, k++) {
      const line = lines[i]!;
      const tab = line.indexOf("\t");
      if (tab < 0) this.fail(i, "a key line needs a tab");
      this.keys[k] = line.slice(0, tab);
      this.keyRows[k] = line.slice(tab + 1);
    }
    this.parsed = new Uint8Array(n);
    this.ids = new Int32Array(n);
    this.lats = new Float32Array(n);
    this.lons = new Float32Array(n);
    this.pops = new Float64Array(n);
    this.names = new Array<string>(n);
    this.features = new Array<string>(n);
    this.countries = new Array<string>(n);
    this.admins = new Array<string>(n);
    this.ownKeys = new Array<string | undefined>(n);
  }

  private fail(line: number, problem: string): never {
    throw new VigieError(
      "GAZETTEER_DATA",
      `${this.source}:${line + 1}: ${problem} (rebuild it: node scripts/build-gazetteer.mjs)`,
      { input: this.source },
    );
  }

  private row(i: number): number {
    if (this.parsed[i]) return i;
    const line = this.lines[i];
    if (line === undefined) this.fail(i, `no place ${i}`);
    const f = line.split("\t");
    if (f.length !== COLUMNS) this.fail(i, `expected ${COLUMNS} tab-separated fields, found ${f.length}`);
    this.ids[i] = Number(f[0]);
    this.names[i] = f[1]!;
    this.lats[i] = Number(f[2]);
    this.lons[i] = Number(f[3]);
    this.features[i] = f[4]!;
    this.countries[i] = f[5]!;
    this.admins[i] = f[6]!;
    this.pops[i] = Number(f[7]);
    this.parsed[i] = 1;
    return i;
  }

  private lookup(key: string): readonly number[] {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return this.keyRows[mid]!.split(",").map(Number);
    }
    return [];
  }

  /** Places called `name` (any case, accents, article), most populous first. */
  candidates(name: string): readonly number[] {
    const key = geoKey(name);
    if (!key || key.startsWith("#")) return [];
    const hit = this.lookup(key);
    if (hit.length) return hit;
    const bare = withoutArticle(key);
    return bare ? this.lookup(bare) : [];
  }

  has(name: string): boolean {
    return this.candidates(name).length > 0;
  }

  place(i: number): Place {
    this.row(i);
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
    return this.names[this.row(i)]!;
  }

  /** The folded form of the place's own name (not its alternates). */
  ownKey(i: number): string {
    return (this.ownKeys[i] ??= geoKey(this.name(i)));
  }

  feature(i: number): string {
    return this.features[this.row(i)]!;
  }

  country(i: number): string {
    return this.countries[this.row(i)]!;
  }

  admin1(i: number): string {
    return this.admins[this.row(i)]!;
  }

  population(i: number): number {
    return this.pops[this.row(i)]!;
  }

  lat(i: number): number {
    return this.lats[this.row(i)]!;
  }

  lon(i: number): number {
    return this.lons[this.row(i)]!;
  }

  geo(i: number): Geo {
    this.row(i);
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
    return this.lookup(`#capital:${iso3}`)[0];
  }

  /** The country row of an ISO3 code. */
  countryRow(iso3: string): number | undefined {
    return this.lookup(`#country:${iso3}`)[0];
  }

  /** The first-level region a place lies in, when the gazetteer has it. */
  regionOf(i: number): number | undefined {
    const a = this.admin1(i);
    return a ? this.lookup(`#region:${this.country(i)}.${a}`)[0] : undefined;
  }
}

function defaultPath(): string {
  // From dist/geo/ the file sits beside this module; from src/geo/ (tests) it is in dist/geo/.
  const beside = fileURLToPath(new URL("./gazetteer.tsv", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../dist/geo/gazetteer.tsv", import.meta.url));
}

let loaded: Gazetteer | undefined;

/** The built gazetteer, read once on first use. */
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
