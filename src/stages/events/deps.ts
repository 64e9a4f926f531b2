import type { TokenSpan } from "../../doc/types.js";
import type { Grammar } from "../../locales/grammar.js";
import type { TriggerEntry } from "../../locales/types.js";
import { DEPREL } from "../../models/tagset.js";
import type { SentenceView } from "./context.js";

/**
 * Event arguments read from the dependency parse (when the `parse` stage ran): the subject, the
 * object, the passive agent and the prepositional targets of the trigger's head. Returns mention
 * indices, like the word-order reader it complements; a side the parse does not fill stays empty so
 * that the caller falls back to word order for it.
 */
export interface DepArgs {
  subject: number[];
  object: number[];
  /** The trigger is a passive participle or has a passive auxiliary. */
  passive: boolean;
}

const label = (view: SentenceView, i: number): string => DEPREL[view.doc.tokens.deprel[i]!] ?? "_";

/** Children of each token of the sentence, computed once per sentence. */
export class SentenceTree {
  private readonly children = new Map<number, number[]>();

  constructor(
    private readonly view: SentenceView,
    readonly sent: TokenSpan,
  ) {
    const head = view.doc.tokens.head;
    for (let i = sent.start; i < sent.end; i++) {
      const h = head[i]!;
      if (h < 0) continue;
      const list = this.children.get(h);
      if (list) list.push(i);
      else this.children.set(h, [i]);
    }
  }

  childrenOf(i: number): number[] {
    return this.children.get(i) ?? [];
  }

  /** The token of the span whose head lies outside it: the syntactic head of a multiword trigger. */
  headOf(span: TokenSpan): number {
    const head = this.view.doc.tokens.head;
    for (let i = span.start; i < span.end; i++) {
      const h = head[i]!;
      if (h < span.start || h >= span.end) return i;
    }
    return span.start;
  }

  /** The mention a dependent stands for: the one covering it, else the first in its subtree. */
  mentionOf(i: number, depth = 0): number {
    const k = this.view.mentionAt[i]!;
    if (k >= 0) return k;
    if (depth > 3) return -1;
    for (const c of this.childrenOf(i)) {
      const l = label(this.view, c);
      if (l === "case" || l === "det" || l === "punct" || l === "cc" || l === "acl:relcl") continue;
      const m = this.mentionOf(c, depth + 1);
      if (m >= 0) return m;
    }
    return -1;
  }

  /** A dependent and its conjuncts ("la Russie et l'Iran"), as mentions. */
  withConjuncts(i: number): number[] {
    const out: number[] = [];
    const first = this.mentionOf(i);
    if (first >= 0) out.push(first);
    for (const c of this.childrenOf(i)) {
      if (label(this.view, c) !== "conj") continue;
      const m = this.mentionOf(c);
      if (m >= 0 && !out.includes(m)) out.push(m);
    }
    return out;
  }

  /** The preposition of an oblique dependent ("contre", "by", "con"). */
  caseOf(i: number): string {
    for (const c of this.childrenOf(i)) if (label(this.view, c) === "case") return this.view.lower[c]!;
    return "";
  }
}

const trees = new WeakMap<object, Map<number, SentenceTree>>();

/** The sentence's dependency tree, or undefined when the document was not parsed. */
export function treeFor(view: SentenceView, sent: TokenSpan): SentenceTree | undefined {
  if (!view.doc.layers.has("deps")) return undefined;
  let bySent = trees.get(view.doc);
  if (!bySent) {
    bySent = new Map();
    trees.set(view.doc, bySent);
  }
  let t = bySent.get(sent.start);
  if (!t) {
    t = new SentenceTree(view, sent);
    bySent.set(sent.start, t);
  }
  return t;
}

export function depArgs(
  view: SentenceView,
  tree: SentenceTree,
  g: Grammar,
  entry: TriggerEntry,
  trigger: TokenSpan,
): DepArgs {
  let h = tree.headOf(trigger);
  const out: DepArgs = { subject: [], object: [], passive: false };
  const targetPreps = entry.targetPreps ?? [];
  const readChildren = (node: number) => {
    for (const c of tree.childrenOf(node)) {
      if (c >= trigger.start && c < trigger.end) continue;
      const l = label(view, c);
      if (l === "aux:pass" || l === "expl:pass") out.passive = true;
      if (l === "nsubj" && out.subject.length === 0) out.subject = tree.withConjuncts(c);
      else if (l === "nsubj:pass" && out.object.length === 0) {
        out.object = tree.withConjuncts(c);
        out.passive = true;
      } else if (
        l === "obj" &&
        out.object.length === 0 &&
        (entry.targetPreps === undefined || targetPreps.length === 0)
      )
        out.object = tree.withConjuncts(c);
      else if (l === "obl:agent") out.subject = tree.withConjuncts(c);
      else if (l === "obl" || l === "obl:arg" || l === "obl:mod" || l === "nmod") {
        const prep = tree.caseOf(c);
        if (g.agent.includes(prep) && out.passive) out.subject = tree.withConjuncts(c);
        else if (
          out.object.length === 0 &&
          (g.against.includes(prep) || targetPreps.includes(prep) || g.partner.includes(prep))
        )
          out.object = tree.withConjuncts(c);
      }
    }
  };
  readChildren(h);
  // A controlled or coordinated verb ("a tenté de prendre", "a attaqué et pris") shares the
  // subject of the verb it depends on.
  for (let hops = 0; out.subject.length === 0 && hops < 2; hops++) {
    const l = label(view, h);
    const up = view.doc.tokens.head[h]!;
    if (up < tree.sent.start || up >= tree.sent.end) break;
    if (l !== "xcomp" && l !== "conj") break;
    h = up;
    const before = out.object;
    readChildren(h);
    if (l !== "xcomp") out.object = before;
  }
  return out;
}
