import { EventModel, setEventModel } from "../models/events.js";
import type { PipelineOptions } from "../pipeline/stage.js";

/**
 * The pipeline options of `--models` and `--event-model [file]`: a file replaces the shipped
 * classifier for this process.
 */
export function pipelineOptions(opts: { models?: boolean; eventModel?: boolean | string }): PipelineOptions {
  const out: PipelineOptions = { models: opts.models === true };
  if (opts.eventModel !== undefined && opts.eventModel !== false) {
    if (typeof opts.eventModel === "string") setEventModel(EventModel.load(opts.eventModel));
    out.eventModel = true;
  }
  return out;
}
