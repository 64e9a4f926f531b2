import { describe, expect, it } from "vitest";
import type { VDocument } from "../../doc/document.js";
import { deprelIndex } from "../../models/tagset.js";
import { entityName, run } from "../../test-utils/analyze.js";
import { extractEvents } from "./events.js";

/** Writes a hand-made parse (head index or -1, label per token) into an analysed document. */
function withParse(doc: VDocument, tree: [number, string][]): VDocument {
  expect(doc.tokenCount).toBe(tree.length);
  tree.forEach(([h, l], i) => {
    doc.tokens.head[i] = h;
    doc.tokens.deprel[i] = deprelIndex(l);
  });
  doc.layers.add("deps");
  return doc;
}

const strings = (doc: VDocument) =>
  extractEvents(doc).map(
    (e) =>
      `${e.type} ${e.source.map((x) => entityName(doc, x)).join("+")}>${e.target.map((x) => entityName(doc, x)).join("+")}`,
  );

describe("event arguments from the dependency parse", () => {
  // La Russie a bombardé pendant toute la journée de mardi et de mercredi la ville de Kiev .
  const text = "La Russie a bombardé pendant toute la journée de mardi et de mercredi la ville de Kiev.";
  const tree: [number, string][] = [
    [1, "det"],
    [3, "nsubj"],
    [3, "aux:tense"],
    [-1, "root"],
    [7, "case"],
    [7, "det"],
    [7, "det"],
    [3, "obl:mod"],
    [9, "case"],
    [7, "nmod"],
    [12, "cc"],
    [12, "case"],
    [9, "conj"],
    [14, "det"],
    [3, "obj"],
    [16, "case"],
    [14, "nmod"],
    [3, "punct"],
  ];

  it("finds an object beyond the word-order window", () => {
    expect(strings(run("fr", text))).toContain("ASSAULT Russia>");
    expect(strings(withParse(run("fr", text), tree))).toContain("ASSAULT Russia>Kyiv");
  });

  it("reads a passive subject with its agent", () => {
    // Kiev a été bombardée mardi , selon Ali Kane , par la Russie .
    const doc = withParse(run("fr", "Kiev a été bombardée mardi, selon Ali Kane, par la Russie."), [
      [3, "nsubj:pass"],
      [3, "aux:tense"],
      [3, "aux:pass"],
      [-1, "root"],
      [3, "obl:tmod"],
      [7, "punct"],
      [7, "case"],
      [3, "obl:mod"],
      [7, "flat:name"],
      [7, "punct"],
      [12, "case"],
      [12, "det"],
      [3, "obl:agent"],
      [3, "punct"],
    ]);
    expect(strings(doc)).toContain("ASSAULT Russia>Kyiv");
  });
});
