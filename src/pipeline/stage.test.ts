import { describe, expect, it } from "vitest";
import { VDocument } from "../doc/document.js";
import type { LayerName } from "../doc/types.js";
import { VigieError } from "../errors.js";
import { Pipeline, type Stage } from "./stage.js";

const stage = (name: string, requires: LayerName[], assigns: LayerName[], run: Stage["run"] = () => {}) => ({
  name,
  requires,
  assigns,
  run,
});

describe("Pipeline", () => {
  it("accepts stages whose requirements come earlier", () => {
    const p = new Pipeline([stage("a", ["text"], ["tokens"]), stage("b", ["tokens"], ["mentions"])]);
    expect(p.stages.map((s) => s.name)).toEqual(["a", "b"]);
  });

  it.each([
    [[stage("b", ["tokens"], ["mentions"]), stage("a", ["text"], ["tokens"])], /"b" requires "tokens"/],
    [[stage("a", ["text"], ["tokens"]), stage("a", ["tokens"], ["tags"])], /appears twice/],
  ])("rejects a misordered or duplicated pipeline (%#)", (stages, message) => {
    expect(() => new Pipeline(stages)).toThrow(message);
    try {
      new Pipeline(stages);
    } catch (e) {
      expect(e).toBeInstanceOf(VigieError);
      expect((e as VigieError).code).toBe("PIPELINE_ORDER");
    }
  });

  it("records assigned layers and wraps stage crashes with the document id", () => {
    const doc = new VDocument("x", { id: "d1" });
    new Pipeline([stage("a", ["text"], ["tokens"])]).run(doc, { options: {} });
    expect(doc.layers.has("tokens")).toBe(true);
    const boom = new Pipeline([
      stage("boom", ["text"], [], () => {
        throw new Error("kaput");
      }),
    ]);
    expect(() => boom.run(new VDocument("x", { id: "d2" }), { options: {} })).toThrow(
      /"boom" failed on "d2"/,
    );
  });
});
