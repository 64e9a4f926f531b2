import type { VDocument } from "../../doc/document.js";
import type { Stage } from "../../pipeline/stage.js";
import { extractDates, narrativeToday } from "./dates.js";

export { extractDates, narrativeToday, type DateReference } from "./dates.js";
export { DATE_CASES, evalDates, type DateCase, type DateEval } from "./cases.js";

export const datesStage: Stage = {
  name: "dates",
  requires: ["text", "lang"],
  assigns: ["dates"],
  run(doc: VDocument): void {
    const lang = doc.lang ?? "fr";
    const published = doc.meta.published;
    if (!published) {
      doc.diagnose({
        severity: "warning",
        code: "NO_REFERENCE_DATE",
        message: "no publication date: relative dates are left unresolved",
        stage: "dates",
      });
    }
    doc.dates = extractDates(doc.text, lang, { published, today: narrativeToday(doc.text, lang, published) });
  },
};
