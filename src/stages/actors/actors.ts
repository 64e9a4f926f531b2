import type { VDocument } from "../../doc/document.js";
import type { Entity, EntityType, Lang, Mention } from "../../doc/types.js";
import { loadKnowledgeBase, rolesAt, type KnowledgeBase } from "../../kb/index.js";
import { getLocale } from "../../locales/index.js";
import type { Stage } from "../../pipeline/stage.js";
import { foldForMatch } from "../normalize/normalize.js";
import { closeSpelling, nameKey, stripAccents } from "./names.js";

/**
 * Groups mentions into entities within one article: same knowledge-base id, same name up to case
 * and accents, a surname or spelling variant of a person's full name, and acronyms defined in the
 * text ("le Front de libération du Nord (FLN)"). Issue [3/7] extends this with descriptions.
 */

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const isPlace = (t: EntityType) => t === "GPE" || t === "LOC";
const compatible = (a: EntityType, b: EntityType) => a === b || (isPlace(a) && isPlace(b));

function slug(s: string): string {
  return (
    stripAccents(s)
      .toLowerCase()
      .replace(/[^a-z0-9]+/gu, "-")
      .replace(/^-|-$/gu, "") || "entity"
  );
}

export function groupEntities(doc: VDocument, kb: KnowledgeBase = loadKnowledgeBase()): Entity[] {
  const ms = doc.mentions;
  const uf = new UnionFind(ms.length);
  const keys = ms.map((m) => nameKey(doc.spanText(m.span)));
  const byKb = new Map<string, number>();
  const byKey = new Map<string, number>();
  ms.forEach((m, i) => {
    if (m.kbId) {
      const j = byKb.get(m.kbId);
      if (j === undefined) byKb.set(m.kbId, i);
      else uf.union(i, j);
    }
    // The same name is the same actor whatever type each occurrence was given ("Kassala" after
    // "à" and at a sentence start); the entity's type is decided by vote below.
    // Two KB readings of one string stay apart ("Moscou" the state when it acts, the city when
    // one goes there), so the key includes the KB id when there is one.
    const k = m.kbId ? `${keys[i]!}@${m.kbId}` : keys[i]!;
    const j = byKey.get(k);
    if (j === undefined) byKey.set(k, i);
    else uf.union(i, j);
  });
  linkPersons(ms, keys, uf);
  const namedAt = new Map<number, number>();
  ms.forEach((m, i) => {
    if (m.named) namedAt.set(m.span.start, i);
  });
  // A description refers to a named mention, or failing that to a description ("the authorities"
  // after "Authorities in Gaza").
  const anyAt = new Map<number, number>();
  ms.forEach((m, i) => {
    if (!anyAt.has(m.span.start)) anyAt.set(m.span.start, i);
  });
  ms.forEach((m, i) => {
    const j = m.refersTo === undefined ? undefined : (namedAt.get(m.refersTo) ?? anyAt.get(m.refersTo));
    if (j !== undefined && j !== i) uf.union(i, j);
  });
  // Group descriptions of one owner ("les forces de Kaboré", "les troupes rebelles de Kabori") are
  // one actor, distinct from the owner.
  const groupByOwner = new Map<number, number>();
  ms.forEach((m, i) => {
    const owner = m.ownedBy === undefined ? undefined : namedAt.get(m.ownedBy);
    if (owner === undefined) return;
    const root = uf.find(owner);
    const j = groupByOwner.get(root);
    if (j === undefined) groupByOwner.set(root, i);
    else uf.union(i, j);
  });
  linkAcronyms(doc, ms, keys, uf);

  const groups = new Map<number, number[]>();
  ms.forEach((_, i) => {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  const lang: Lang = doc.lang ?? "en";
  const titles = getLocale(lang).titles;
  const entities: Entity[] = [];
  const usedIds = new Set<string>();
  for (const members of groups.values()) {
    const entity = describe(doc, members, kb, titles);
    let id = entity.id;
    for (let k = 2; usedIds.has(id); k++) id = `${entity.id}-${k}`;
    entity.id = id;
    usedIds.add(id);
    for (const i of members) ms[i]!.entity = entities.length;
    entities.push(entity);
  }
  return entities;
}

function linkPersons(ms: Mention[], keys: string[], uf: UnionFind): void {
  // Compare distinct names, not mentions: a long text repeats a few names many times.
  const byKey = new Map<string, number>();
  for (let i = 0; i < ms.length; i++) {
    if (ms[i]!.type === "PER" && ms[i]!.named && !byKey.has(keys[i]!)) byKey.set(keys[i]!, i);
  }
  const names = [...byKey.entries()];
  const full = names.filter(([k]) => k.includes(" "));
  for (const [k, i] of names) {
    for (const [f, j] of full) {
      if (i === j) continue;
      const last = f.slice(f.lastIndexOf(" ") + 1);
      if (k === last || closeSpelling(k, last) || (k.includes(" ") && closeSpelling(k, f))) uf.union(i, j);
    }
  }
  // A lone surname spelt two ways ("Kaboré", "Kabori") with no full name in the text.
  for (let x = 0; x < names.length; x++) {
    for (let y = x + 1; y < names.length; y++) {
      if (closeSpelling(names[x]![0], names[y]![0])) uf.union(names[x]![1], names[y]![1]);
    }
  }
}

/** "Name (ACR)" and "ACR (Name)" define an acronym in the text. */
function linkAcronyms(doc: VDocument, ms: Mention[], keys: string[], uf: UnionFind): void {
  const byEnd = new Map<number, number>();
  const byStart = new Map<number, number>();
  ms.forEach((m, i) => {
    byEnd.set(m.span.end, i);
    byStart.set(m.span.start, i);
  });
  ms.forEach((m, i) => {
    const open = m.span.start - 1;
    if (open < 1 || doc.tokenText(open) !== "(" || doc.tokenText(m.span.end) !== ")") return;
    const before = byEnd.get(open);
    if (before !== undefined && compatible(ms[before]!.type, m.type) && ms[before]!.type !== "PER") {
      uf.union(i, before);
    }
  });
  // An organisation mention and an acronym of its initials ("Conseil national de transition", "CNT").
  const acronyms = ms.map((m, i) => i).filter((i) => /^[A-Z]{2,6}$/u.test(doc.spanText(ms[i]!.span)));
  for (const a of acronyms) {
    const acr = doc.spanText(ms[a]!.span);
    for (let j = 0; j < ms.length; j++) {
      if (j === a || ms[j]!.type !== "ORG" || !keys[j]!.includes(" ")) continue;
      const initials = keys[j]!.split(" ")
        .filter((w) => w.length > 3 || /^\p{Lu}/u.test(w))
        .map((w) => w[0])
        .join("")
        .toUpperCase();
      if (initials === acr) uf.union(a, j);
    }
  }
}

function describe(
  doc: VDocument,
  members: number[],
  kb: KnowledgeBase,
  titles: { form: string; role: string; sector?: string }[],
): Entity {
  const ms = members.map((i) => doc.mentions[i]!);
  const kbId = ms.find((m) => m.kbId)?.kbId;
  const entry = kbId ? kb.byId(kbId) : undefined;
  const named = ms.filter((m) => m.named);
  const longest = (named.length ? named : ms)
    .map((m) => doc.spanText(m.span))
    .reduce((a, b) => (b.length > a.length ? b : a), "");
  const typeVotes = new Map<EntityType, number>();
  for (const m of ms) typeVotes.set(m.type, (typeVotes.get(m.type) ?? 0) + 1);
  // PER is the default guess for an unknown capitalised name; any other type was read from
  // evidence (a head word, a locative preposition), so it wins the vote.
  const evidenced = [...typeVotes.entries()].filter(([t]) => t !== "PER");
  const votes = evidenced.length ? evidenced : [...typeVotes.entries()];
  const type = entry?.type ?? votes.sort((a, b) => b[1] - a[1])[0]![0];
  const name = entry?.name ?? longest;
  const country = entry?.country ?? entry?.capitalOf ?? ms.find((m) => m.country)?.country;
  // Not in the KB: an id from name and country, the same in every article, so that the store can
  // merge the actor across articles.
  const entity: Entity = {
    id: kbId ?? slug(country ? `${name} ${country}` : name),
    name,
    type,
    mentions: members,
  };
  if (kbId) entity.kbId = kbId;
  if (country) entity.country = country;
  if (entry?.sector) entity.sector = entry.sector;
  // Knowledge-base roles hold for a period: the one valid on the article's date wins over a
  // title read in the text, since it also says for whom the person acts.
  const kbRole =
    entry?.roles?.length && doc.meta.published ? rolesAt(entry, midpoint(doc.meta.published))[0] : undefined;
  if (kbRole) {
    entity.role = kbRole.role;
    if (kbRole.sector) entity.sector = kbRole.sector;
    if (kbRole.country && !entity.country) entity.country = kbRole.country;
  }
  const title = titleBefore(doc, ms, titles);
  const role = ms.find((m) => m.role)?.role ?? title?.role;
  if (role && !entity.role) entity.role = role;
  if (title?.sector && !entity.sector) entity.sector = title.sector;
  return entity;
}

/** A day for a reduced publication date: the middle of its month or year. */
function midpoint(published: string): string {
  if (/^\d{4}-\d{2}$/u.test(published)) return `${published}-15`;
  if (/^\d{4}$/u.test(published)) return `${published}-07-01`;
  return published.slice(0, 10);
}

function titleBefore(
  doc: VDocument,
  ms: Mention[],
  titles: { form: string; role: string; sector?: string }[],
): { role: string; sector?: string } | undefined {
  for (const m of ms) {
    if (m.type !== "PER") continue;
    for (let back = 1; back <= 4 && m.span.start - back >= 0; back++) {
      const from = m.span.start - back;
      const phrase = foldForMatch(doc.text.slice(doc.tokens.start[from], doc.tokens.end[m.span.start - 1]));
      const t = titles.find((x) => x.form === phrase);
      if (t) return t;
    }
  }
  return undefined;
}

export const actorsStage: Stage = {
  name: "actors",
  requires: ["mentions"],
  assigns: ["entities"],
  run(doc) {
    doc.entities = groupEntities(doc);
  },
};
