import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from "yaml";
import type { Node, Pair } from "yaml";
import { ENTITY_TYPES, LANGS } from "../doc/types.js";
import type { EntityType, Lang } from "../doc/types.js";
import { VigieError } from "../errors.js";
import countriesData from "./data/countries.json" with { type: "json" };

/**
 * Sector codes a user actor or role may carry: the PLOVER/CAMEO actor sectors the pipeline and the
 * bundled organisations use, plus the CAMEO agent codes a PETRARCH import can produce.
 */
export const SECTORS = [
  "GOV",
  "MIL",
  "REB",
  "OPP",
  "PTY",
  "COP",
  "JUD",
  "LEG",
  "SPY",
  "INS",
  "UAF",
  "IGO",
  "NGO",
  "MED",
  "BUS",
  "CVL",
  "EDU",
  "LAB",
  "HLH",
  "REF",
  "REL",
  "CRM",
  "ELI",
  "AGR",
  "ENV",
  "HRI",
] as const;

/** A position an actor holds for a while: "governor of X from 2019 to 2022". Dates are inclusive. */
export interface ActorRole {
  role: string;
  /** Knowledge-base id or name of the organisation the role is held in. */
  org?: string;
  country?: string;
  sector?: string;
  /** YYYY-MM-DD, first day of the role; open when absent. */
  from?: string;
  /** YYYY-MM-DD, last day of the role; open when absent. */
  to?: string;
}

export interface UserActor {
  /** `user:<slug of name>` unless the file gives one. */
  id: string;
  name: string;
  /** Other names, in any language. */
  aliases: string[];
  /** Names that belong to one language only. */
  names: Record<Lang, string[]>;
  type: EntityType;
  country?: string;
  sector?: string;
  roles: ActorRole[];
  /** "file:line" of the actor, for messages. */
  origin?: string;
}

const ISO3 = new Set((countriesData as unknown as { iso3: string }[]).map((c) => c.iso3));

export function isCountryCode(code: string): boolean {
  return ISO3.has(code);
}

const ACTOR_FIELDS = ["id", "name", "aliases", "names", "type", "country", "sector", "roles"] as const;
const ROLE_FIELDS = ["role", "org", "country", "sector", "from", "to"] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const ID = /^[\p{L}\p{N}][\p{L}\p{N}_:.-]*$/u;
const NOT_SLUG = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}/gu;
const EDGE_DASHES = /^-+|-+$/gu;

export function userId(name: string): string {
  const slug = name.normalize("NFD").replace(MARKS, "").toLowerCase().replace(NOT_SLUG, "-");
  return `user:${slug.replace(EDGE_DASHES, "") || "actor"}`;
}

export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Roles held on `date` (YYYY-MM-DD, or a longer ISO timestamp): from ≤ date ≤ to, open ends allowed. */
export function activeRoles(roles: readonly ActorRole[], date: string): ActorRole[] {
  const day = date.slice(0, 10);
  if (!isIsoDate(day)) throw new VigieError("USAGE", `${JSON.stringify(date)} is not a YYYY-MM-DD date`);
  return roles.filter((r) => (r.from === undefined || r.from <= day) && (r.to === undefined || day <= r.to));
}

class Checker {
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  parse(): Node | null {
    const doc = parseDocument(this.text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const err = doc.errors[0];
    if (err) this.failLine(this.lineAt(err.pos[0]), "syntax", firstLine(err.message));
    return doc.contents;
  }

  lineAt(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  line(node: Node | Pair | null | undefined): number {
    const target = node && "key" in node ? (node.key as Node | null) : node;
    return this.lineAt(target?.range?.[0] ?? 0);
  }

  fail(at: Node | Pair | null | undefined, field: string, problem: string): never {
    this.failLine(this.line(at), field, problem);
  }

  failLine(line: number, field: string, problem: string): never {
    throw new VigieError("KB_DATA", `${this.file}:${line}: ${field}: ${problem}`, { input: this.file });
  }

  string(node: unknown, field: string, at: Node | Pair): string {
    if (!isScalar(node) || typeof node.value !== "string") {
      this.fail((node as Node | null) ?? at, field, "expected a string");
    }
    const s = node.value.trim();
    if (s === "") this.fail(node, field, "must not be empty");
    return s;
  }

  strings(node: unknown, field: string, at: Node | Pair): string[] {
    if (!isSeq(node)) this.fail((node as Node | null) ?? at, field, "expected a list of strings");
    return node.items.map((item, i) => this.string(item, `${field}[${i}]`, node));
  }

  country(node: unknown, field: string, at: Node | Pair): string {
    const raw = this.string(node, field, at);
    const code = raw.toUpperCase();
    if (!isCountryCode(code))
      this.fail(node as Node, field, `${JSON.stringify(raw)} is not an ISO 3166 alpha-3 code`);
    return code;
  }

  sector(node: unknown, field: string, at: Node | Pair): string {
    const raw = this.string(node, field, at);
    const code = raw.toUpperCase();
    if (!(SECTORS as readonly string[]).includes(code)) {
      this.fail(node as Node, field, `${JSON.stringify(raw)} is not a sector code (${SECTORS.join(", ")})`);
    }
    return code;
  }

  date(node: unknown, field: string, at: Node | Pair): string {
    const raw = this.string(node, field, at);
    if (!isIsoDate(raw)) this.fail(node as Node, field, `${JSON.stringify(raw)} is not a YYYY-MM-DD date`);
    return raw;
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

/**
 * Reads and validates a user knowledge-base file (.yaml, .yml or .json): a list of actors, or a
 * mapping `{actors: [...]}`. Every problem is a KB_DATA error "<file>:<line>: <field>: <problem>".
 */
export function loadUserKb(path: string): UserActor[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new VigieError(
      code === "ENOENT" ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
      `${path}: ${code === "ENOENT" ? "no such file" : "cannot read"}`,
      { cause: e, input: path },
    );
  }
  return parseUserKb(text, path);
}

/** Validates user knowledge-base text; `file` names it in messages and its extension picks the syntax. */
export function parseUserKb(text: string, file: string): UserActor[] {
  const ext = extname(file).toLowerCase();
  if (![".yaml", ".yml", ".json"].includes(ext)) {
    throw new VigieError("KB_DATA", `${file}: a user knowledge base is a .yaml, .yml or .json file`, {
      input: file,
    });
  }
  const c: Checker = new Checker(file, text.startsWith("\uFEFF") ? text.slice(1) : text);
  // The YAML parser reads JSON too and gives positions; JSON.parse then rejects YAML-only syntax.
  const root = c.parse();
  if (ext === ".json") checkStrictJson(c);
  let list: Node | null | undefined = root;
  if (isMap(root)) {
    list = undefined;
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "?";
      if (key !== "actors") c.fail(pair, key, "unknown field (the top level holds only `actors`)");
      list = pair.value as Node | null;
    }
  }
  if (!isSeq(list)) c.fail(list ?? root, "actors", "expected a list of actors");
  const seq = list;
  const actors: UserActor[] = [];
  const seen = new Map<string, number>();
  seq.items.forEach((item, i) => {
    const actor = readActor(c, item as Node | null, `actors[${i}]`, seq);
    const idNode = isMap(item) ? item.items.find((p) => isScalar(p.key) && p.key.value === "id") : undefined;
    const line = c.line(idNode ?? (item as Node));
    const first = seen.get(actor.id);
    if (first !== undefined)
      c.failLine(line, "id", `duplicate id ${JSON.stringify(actor.id)} (first on line ${first})`);
    seen.set(actor.id, line);
    actor.origin = `${file}:${c.line(item as Node)}`;
    actors.push(actor);
  });
  return actors;
}

function checkStrictJson(c: Checker): void {
  try {
    JSON.parse(c.text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/u.exec(message);
    const lineCol = /line (\d+) column/u.exec(message);
    c.failLine(lineCol ? Number(lineCol[1]) : pos ? c.lineAt(Number(pos[1])) : 1, "syntax", message);
  }
}

function readActor(c: Checker, node: Node | null, path: string, parent: Node): UserActor {
  if (!isMap(node)) c.fail(node ?? parent, path, "expected a mapping with at least `name` and `type`");
  const actor: Partial<UserActor> & { aliases: string[]; names: Record<Lang, string[]>; roles: ActorRole[] } =
    {
      aliases: [],
      names: { fr: [], en: [], es: [] },
      roles: [],
    };
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "?";
    const value = pair.value;
    switch (key as (typeof ACTOR_FIELDS)[number]) {
      case "id": {
        const id = c.string(value, key, pair);
        if (!ID.test(id))
          c.fail(value as Node, key, `${JSON.stringify(id)} is not a valid id (letters, digits, _ : . -)`);
        actor.id = id;
        break;
      }
      case "name":
        actor.name = c.string(value, key, pair);
        break;
      case "aliases":
        actor.aliases = c.strings(value, key, pair);
        break;
      case "names":
        actor.names = readNames(c, value, pair);
        break;
      case "type": {
        const t = c.string(value, key, pair);
        if (!(ENTITY_TYPES as readonly string[]).includes(t)) {
          c.fail(value as Node, key, `${JSON.stringify(t)} is not one of ${ENTITY_TYPES.join(", ")}`);
        }
        actor.type = t as EntityType;
        break;
      }
      case "country":
        actor.country = c.country(value, key, pair);
        break;
      case "sector":
        actor.sector = c.sector(value, key, pair);
        break;
      case "roles":
        if (!isSeq(value)) c.fail((value as Node | null) ?? pair, key, "expected a list of roles");
        actor.roles = value.items.map((r, i) => readRole(c, r as Node | null, `roles[${i}]`, value));
        break;
      default:
        c.fail(pair, key, `unknown field (expected one of ${ACTOR_FIELDS.join(", ")})`);
    }
  }
  if (actor.name === undefined) c.fail(node, "name", "missing");
  if (actor.type === undefined) c.fail(node, "type", `missing (one of ${ENTITY_TYPES.join(", ")})`);
  const out: UserActor = {
    id: actor.id ?? userId(actor.name),
    name: actor.name,
    aliases: actor.aliases,
    names: actor.names,
    type: actor.type,
    roles: actor.roles,
  };
  if (actor.country) out.country = actor.country;
  if (actor.sector) out.sector = actor.sector;
  return out;
}

function readNames(c: Checker, node: unknown, at: Pair): Record<Lang, string[]> {
  if (!isMap(node))
    c.fail((node as Node | null) ?? at, "names", "expected a mapping of fr, en, es to lists of names");
  const names: Record<Lang, string[]> = { fr: [], en: [], es: [] };
  for (const pair of node.items) {
    const lang = isScalar(pair.key) ? String(pair.key.value) : "?";
    if (!(LANGS as readonly string[]).includes(lang)) {
      c.fail(pair, `names.${lang}`, `unknown language (expected ${LANGS.join(", ")})`);
    }
    names[lang as Lang] = c.strings(pair.value, `names.${lang}`, pair);
  }
  return names;
}

function readRole(c: Checker, node: Node | null, path: string, parent: Node): ActorRole {
  if (!isMap(node)) c.fail(node ?? parent, path, "expected a mapping with at least `role`");
  const role: Partial<ActorRole> = {};
  let toNode: Pair | undefined;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "?";
    const field = `${path}.${key}`;
    switch (key as (typeof ROLE_FIELDS)[number]) {
      case "role":
        role.role = c.string(pair.value, field, pair);
        break;
      case "org":
        role.org = c.string(pair.value, field, pair);
        break;
      case "country":
        role.country = c.country(pair.value, field, pair);
        break;
      case "sector":
        role.sector = c.sector(pair.value, field, pair);
        break;
      case "from":
        role.from = c.date(pair.value, field, pair);
        break;
      case "to":
        role.to = c.date(pair.value, field, pair);
        toNode = pair;
        break;
      default:
        c.fail(pair, field, `unknown field (expected one of ${ROLE_FIELDS.join(", ")})`);
    }
  }
  if (role.role === undefined) c.fail(node, `${path}.role`, "missing");
  if (role.from && role.to && role.to < role.from) {
    c.fail(toNode?.value as Node, `${path}.to`, `${role.to} is before from (${role.from})`);
  }
  return role as ActorRole;
}

/** The file form of actors: what `parseUserKb` reads back, ids left out where they are the default. */
export function formatUserKb(actors: readonly UserActor[], format: "yaml" | "json"): string {
  const items = actors.map((a) => {
    const o: Record<string, unknown> = { name: a.name };
    if (a.id !== userId(a.name)) o.id = a.id;
    o.type = a.type;
    if (a.country) o.country = a.country;
    if (a.sector) o.sector = a.sector;
    if (a.aliases.length) o.aliases = a.aliases;
    const names = Object.fromEntries(LANGS.filter((l) => a.names[l].length).map((l) => [l, a.names[l]]));
    if (Object.keys(names).length) o.names = names;
    if (a.roles.length) o.roles = a.roles;
    return o;
  });
  if (format === "json") return `${JSON.stringify({ actors: items }, null, 2)}\n`;
  return stringify({ actors: items }, { lineWidth: 0 });
}
