import type { VDocument } from "../doc/document.js";
import type { LayerName } from "../doc/types.js";
import { VigieError } from "../errors.js";

export interface StageContext {
  /** Options shared by all stages of one run. */
  readonly options: PipelineOptions;
}

export interface PipelineOptions {
  /** Run the statistical tagger, parser and NER too (MODEL_STAGES in src/analyze.ts). */
  models?: boolean;
  /** Let the event classifier (src/stages/eventclass) drop the lexicon's unlikely events. */
  eventModel?: boolean;
}

export interface Stage {
  readonly name: string;
  readonly requires: readonly LayerName[];
  readonly assigns: readonly LayerName[];
  run(doc: VDocument, ctx: StageContext): void;
}

/**
 * An ordered list of stages. Building one checks that each stage's requirements are assigned by
 * an earlier stage (or are the document's text), so a misordered pipeline fails at start-up,
 * not on the thousandth article.
 */
export class Pipeline {
  readonly stages: readonly Stage[];

  constructor(stages: readonly Stage[]) {
    const available = new Set<LayerName>(["text"]);
    const names = new Set<string>();
    for (const stage of stages) {
      if (names.has(stage.name)) {
        throw new VigieError("PIPELINE_ORDER", `stage "${stage.name}" appears twice in the pipeline`);
      }
      names.add(stage.name);
      const missing = stage.requires.filter((l) => !available.has(l));
      if (missing.length > 0) {
        throw new VigieError(
          "PIPELINE_ORDER",
          `stage "${stage.name}" requires ${missing.map((m) => `"${m}"`).join(", ")}, which no earlier stage assigns`,
        );
      }
      for (const l of stage.assigns) available.add(l);
    }
    this.stages = stages;
  }

  run(doc: VDocument, ctx: StageContext): VDocument {
    for (const stage of this.stages) {
      try {
        stage.run(doc, ctx);
      } catch (e) {
        if (e instanceof VigieError) throw e;
        throw new VigieError("PIPELINE_STAGE", `stage "${stage.name}" failed on "${doc.id}": ${String(e)}`, {
          cause: e,
          input: doc.id,
        });
      }
      for (const l of stage.assigns) doc.layers.add(l);
    }
    return doc;
  }
}
