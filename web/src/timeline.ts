import { api } from "./api.js";
import { $, badge, el, status } from "./dom.js";
import { fromStored, setSelection, type EventRow } from "./selection.js";

export const PLOVER = [
  "AGREE",
  "CONSULT",
  "SUPPORT",
  "CONCEDE",
  "COOPERATE",
  "AID",
  "RETREAT",
  "REQUEST",
  "ACCUSE",
  "REJECT",
  "THREATEN",
  "PROTEST",
  "SANCTION",
  "MOBILIZE",
  "COERCE",
  "ASSAULT",
];
export const MODALITIES = ["asserted", "reported", "alleged", "denied", "negated", "planned", "hypothetical"];

let rows: EventRow[] = [];
const listeners: ((rows: EventRow[]) => void)[] = [];
export const onEvents = (f: (rows: EventRow[]) => void) => void listeners.push(f);
export const currentEvents = () => rows;

function filters(): Record<string, string | undefined> {
  const form = $("event-filters") as HTMLFormElement;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of new FormData(form))
    if (typeof v === "string" && v.trim()) out[k] = k === "country" ? v.trim().toUpperCase() : v.trim();
  return out;
}

export async function loadEvents(): Promise<EventRow[]> {
  const page = await api.events(filters());
  rows = page.items.map(fromStored).sort((a, b) => (a.date ?? "9999").localeCompare(b.date ?? "9999"));
  const shown = page.total > rows.length ? `${rows.length} of ${page.total}` : String(rows.length);
  setSelection({ label: `${shown} events`, events: rows });
  for (const f of listeners) f(rows);
  return rows;
}

/** Consecutive months from the first to the last, so that quiet months show as gaps. */
function monthSpan(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  while (out.length < 600) {
    const cur = `${y}-${String(m).padStart(2, "0")}`;
    out.push(cur);
    if (cur >= last) break;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

function drawBars(): void {
  const perMonth = new Map<string, number>();
  for (const r of rows) {
    if (!r.date || r.date.length < 7) continue;
    const m = r.date.slice(0, 7);
    perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
  }
  const known = [...perMonth.keys()].sort();
  const bars = $("timeline-bars");
  if (!known.length) {
    bars.replaceChildren(el("p", { class: "muted" }, "No events dated to the month."));
    return;
  }
  const months = monthSpan(known[0]!, known[known.length - 1]!);
  const max = Math.max(1, ...perMonth.values());
  const labelEvery = Math.max(1, Math.ceil(months.length / 24));
  bars.replaceChildren(
    ...months.map((m, i) => {
      const n = perMonth.get(m) ?? 0;
      const bar = el("div", { class: "bar" });
      bar.style.height = `${n ? 6 + 74 * (n / max) : 0}px`;
      return el(
        "div",
        { class: "col", title: `${m}: ${n} events` },
        bar,
        el("span", {}, i % labelEvery === 0 ? m : ""),
      );
    }),
  );
}

function drawTable(): void {
  const body = $("timeline-table").querySelector("tbody")!;
  body.replaceChildren(
    ...rows.map((r) =>
      el(
        "tr",
        { "data-article": r.article, title: "Open the article" },
        el("td", {}, r.date ?? "—"),
        el("td", {}, badge(r.type, `type type-${r.type}`)),
        el("td", {}, r.source.map((a) => a.name).join(", ")),
        el("td", {}, r.target.map((a) => a.name).join(", ")),
        el("td", {}, [r.location, r.country].filter(Boolean).join(", ")),
        el(
          "td",
          {},
          badge(r.modality, `modality modality-${r.modality}`),
          r.sources > 1 ? badge(`${r.sources} sources`, "source") : undefined,
        ),
        el("td", { class: "evidence-cell" }, r.evidence),
      ),
    ),
  );
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: "7", class: "muted" }, "No events match.")));
}

export async function openTimeline(): Promise<void> {
  await loadEvents();
  drawBars();
  drawTable();
}

export function wireTimeline(openArticle: (id: string) => void): void {
  $("timeline-table").addEventListener("click", (e) => {
    const id = (e.target as HTMLElement).closest<HTMLElement>("tr[data-article]")?.dataset.article;
    if (id) openArticle(id);
  });
  const form = $("event-filters") as HTMLFormElement;
  const type = form.elements.namedItem("type") as HTMLSelectElement;
  for (const t of PLOVER) type.append(el("option", { value: t }, t));
  const mod = form.elements.namedItem("modality") as HTMLSelectElement;
  for (const m of MODALITIES) mod.append(el("option", { value: m }, m));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    openTimeline().catch((err: Error) => status(err.message, "error"));
  });
}
