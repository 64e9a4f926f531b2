import { analyze, buildPipeline, DEFAULT_STAGES, MODEL_STAGES } from "../analyze.js";
import { toVigieError } from "../errors.js";
import type { AnalyzeInput } from "../analyze.js";
import { useUserKb } from "../kb/index.js";
import { type GoldArticle, toGold } from "../output/gold.js";
import type { StoredDiagnostic } from "../store/types.js";

export interface AnalyzerSettings {
  models?: boolean;
  /** User knowledge-base files, loaded once per thread before the first article. */
  kb?: string[];
}

export type Analysis =
  | { ok: true; gold: GoldArticle; diagnostics: StoredDiagnostic[] }
  | { ok: false; code: string; message: string };

/** Analyses one article into what the store keeps; per-article problems come back as values. */
export function makeAnalyzeOne(settings: AnalyzerSettings): (input: AnalyzeInput) => Analysis {
  if (settings.kb?.length) useUserKb(settings.kb);
  const pipeline = buildPipeline(settings.models ? MODEL_STAGES : DEFAULT_STAGES);
  const options = settings.models ? { models: true } : {};
  return (input) => {
    try {
      const doc = analyze(input, options, pipeline);
      const diagnostics = doc.diagnostics.map((d): StoredDiagnostic => {
        const out: StoredDiagnostic = { severity: d.severity, code: d.code, message: d.message };
        if (d.stage) out.stage = d.stage;
        if (d.range) out.range = d.range;
        return out;
      });
      return { ok: true, gold: toGold(doc), diagnostics };
    } catch (e) {
      const err = toVigieError(e);
      return { ok: false, code: err.code, message: err.message };
    }
  };
}
