import type { VDocument } from "../../doc/document.js";
import type { VEvent } from "../../doc/types.js";
import { EVENT_CLASSES, getEventModel, NONE, type EventModel } from "../../models/events.js";
import type { Stage } from "../../pipeline/stage.js";

/**
 * How lexicon and model combine: the lexicon proposes every event; the model scores each proposal
 * over NONE and the 16 types, the lexicon's own type starting with a head start (the model's prior).
 * A proposal is dropped when NONE still beats it by more than the drop margin, re-typed when another
 * type beats it by more than the retype margin (off in the shipped model), and otherwise kept as the
 * lexicon made it. Without a model the stage changes nothing.
 */
export function classifyEvents(doc: VDocument, model: EventModel): VEvent[] {
  const { dropMargin, retypeMargin } = model.header;
  const kept: VEvent[] = [];
  for (const ev of doc.events) {
    const p = model.predict(doc, ev);
    if (p.best === NONE) {
      if (p.margin > dropMargin) continue;
      kept.push(ev);
      continue;
    }
    const type = EVENT_CLASSES[p.best];
    if (type && type !== "NONE" && type !== ev.type && retypeMargin !== null && p.margin > retypeMargin) {
      const retyped: VEvent = { ...ev, type, origin: `${ev.origin}+model:${ev.type}>${type}` };
      // The lexicon's mode and CAMEO code belong to its own type.
      delete retyped.mode;
      delete retyped.cameo;
      kept.push(retyped);
      continue;
    }
    kept.push(ev);
  }
  return kept;
}

export const eventClassStage: Stage = {
  name: "eventclass",
  requires: ["events"],
  assigns: ["events"],
  run(doc) {
    const model = getEventModel();
    if (model) doc.events = classifyEvents(doc, model);
  },
};
