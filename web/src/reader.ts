import { api, type Article, type Entity } from "./api.js";
import { badge, el } from "./dom.js";
import { fromArticle, setSelection } from "./selection.js";

interface Mark {
  start: number;
  end: number;
  entity?: Entity;
  event?: number;
}

/**
 * Cuts the text at every entity-mention and event-evidence boundary and renders each piece as a
 * text node in a span carrying its entity (innermost wins) and the events whose evidence covers it.
 */
export function renderText(a: Article): HTMLElement {
  const marks: Mark[] = [];
  for (const e of a.entities) for (const [start, end] of e.spans) marks.push({ start, end, entity: e });
  a.events.forEach((ev, i) => marks.push({ start: ev.evidence_span[0], end: ev.evidence_span[1], event: i }));
  const cuts = new Set<number>([0, a.text.length]);
  for (const m of marks) {
    if (m.start >= 0 && m.end <= a.text.length && m.start < m.end) {
      cuts.add(m.start);
      cuts.add(m.end);
    }
  }
  const points = [...cuts].sort((x, y) => x - y);
  const body = el("div", { class: "text", "data-article": a.id });
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, t] = [points[i]!, points[i + 1]!];
    const piece = a.text.slice(s, t);
    const covering = marks.filter((m) => m.start <= s && m.end >= t);
    const ent = covering
      .filter((m) => m.entity)
      .sort((x, y) => x.end - x.start - (y.end - y.start))[0]?.entity;
    const events = covering.filter((m) => m.event !== undefined).map((m) => m.event!);
    if (!ent && events.length === 0) {
      body.append(document.createTextNode(piece));
      continue;
    }
    const span = el("span", {}, piece);
    if (ent) {
      span.classList.add("ent", `ent-${ent.type}`);
      span.dataset.entity = ent.id;
      span.title = `${ent.name} (${ent.type}${ent.country ? `, ${ent.country}` : ""}${ent.sector ? `, ${ent.sector}` : ""}${ent.role ? `, ${ent.role}` : ""})`;
    }
    if (events.length) {
      span.classList.add("evidence");
      span.dataset.events = events.join(" ");
    }
    body.append(span);
  }
  return body;
}

export function renderArticle(a: Article, pane: HTMLElement, onEntity: (e: Entity) => void): void {
  const byId = new Map(a.entities.map((e) => [e.id, e]));
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const meta = el("p", { class: "meta" }, [a.lang, a.published, a.source].filter(Boolean).join(" · "));
  const text = renderText(a);
  const events = el("ol", { class: "events" });
  a.events.forEach((ev, i) => {
    const who = ev.source.map(nameOf).join(", ") || "—";
    const whom = ev.target.map(nameOf).join(", ");
    const li = el(
      "li",
      { "data-event": String(i) },
      badge(ev.type, `type type-${ev.type}`),
      badge(ev.modality, `modality modality-${ev.modality}`),
      ...ev.reported_by.map((r) => badge(`source: ${nameOf(r)}`, "source")),
      el("span", { class: "who" }, ` ${who}${whom ? ` → ${whom}` : ""}`),
      ev.date ? el("span", { class: "muted" }, ` · ${ev.date}`) : undefined,
      ev.location ? el("span", { class: "muted" }, ` · ${ev.location}`) : undefined,
      el("q", {}, ev.evidence),
    );
    li.addEventListener("mouseenter", () => highlightEvent(text, i, true));
    li.addEventListener("mouseleave", () => highlightEvent(text, i, false));
    events.append(li);
  });
  const relations = el("ul", { class: "relations" });
  for (const r of a.relations)
    relations.append(
      el(
        "li",
        {},
        badge(r.kind ? `${r.type} (${r.kind})` : r.type, `rel rel-${r.type}`),
        ` ${r.source.map(nameOf).join(", ")} → ${r.target.map(nameOf).join(", ")} `,
        el("q", {}, r.evidence),
      ),
    );
  text.addEventListener("click", (evt) => {
    const t = (evt.target as HTMLElement).closest<HTMLElement>("[data-entity]");
    const ent = t?.dataset.entity ? byId.get(t.dataset.entity) : undefined;
    if (ent) onEntity(ent);
  });
  text.addEventListener("mouseover", (evt) => {
    const t = (evt.target as HTMLElement).closest<HTMLElement>("[data-events]");
    for (const li of events.querySelectorAll("li.hover")) li.classList.remove("hover");
    for (const i of t?.dataset.events?.split(" ") ?? [])
      events.querySelector(`li[data-event="${i}"]`)?.classList.add("hover");
  });
  pane.replaceChildren(
    el("h2", {}, a.title ?? a.id),
    meta,
    legend(),
    text,
    el("h3", {}, `Events (${a.events.length})`),
    a.events.length ? events : el("p", { class: "muted" }, "No events found."),
    el("h3", {}, `Relations (${a.relations.length})`),
    a.relations.length ? relations : el("p", { class: "muted" }, "No relations found."),
  );
  setSelection({ label: `${a.events.length} events of ${a.title ?? a.id}`, events: fromArticle(a) });
}

function highlightEvent(text: HTMLElement, i: number, on: boolean): void {
  for (const s of text.querySelectorAll<HTMLElement>("[data-events]"))
    if (s.dataset.events!.split(" ").includes(String(i))) s.classList.toggle("active", on);
}

function legend(): HTMLElement {
  return el(
    "p",
    { class: "legend" },
    ...["PER", "ORG", "GPE", "LOC", "EVT"].map((t) => el("span", { class: `key ent-${t}` }, t)),
    el("span", { class: "key evidence-key" }, "event evidence"),
  );
}

/** Actor details: the article's own view, plus the store's profile when the actor is stored. */
export async function showActor(e: Entity, card: HTMLElement): Promise<void> {
  const facts = [e.type, e.country, e.sector, e.role].filter(Boolean).join(" · ");
  const close = el("button", { type: "button", class: "close", "aria-label": "Close" }, "×");
  close.addEventListener("click", () => (card.hidden = true));
  card.replaceChildren(close, el("h3", {}, e.name), el("p", {}, facts));
  if (e.mentions.length) card.append(el("p", { class: "muted" }, `Mentions: ${e.mentions.join(", ")}`));
  card.hidden = false;
  if (!e.actor_id) return;
  try {
    const p = await api.actor(e.actor_id);
    card.append(
      el(
        "p",
        {},
        `${p.articles} articles, ${p.events} events${p.first_seen ? `, ${p.first_seen} – ${p.last_seen}` : ""}`,
      ),
    );
    if (p.relations.length) {
      const ul = el("ul", {});
      for (const r of p.relations)
        ul.append(
          el(
            "li",
            {},
            r.direction === "out"
              ? `${r.type}${r.kind ? ` (${r.kind})` : ""} → ${r.other.name}`
              : `${r.other.name} → ${r.type}${r.kind ? ` (${r.kind})` : ""}`,
            el("span", { class: "muted" }, ` ×${r.evidence_count}`),
          ),
        );
      card.append(el("h4", {}, "Relations"), ul);
    }
    if (p.monthly.length) {
      const months = new Map<string, number>();
      for (const m of p.monthly) months.set(m.month, (months.get(m.month) ?? 0) + m.count);
      card.append(
        el("h4", {}, "Events per month"),
        el("p", { class: "muted" }, [...months].map(([m, n]) => `${m}: ${n}`).join(" · ")),
      );
    }
  } catch {
    card.append(el("p", { class: "muted" }, "Not in the store."));
  }
}
