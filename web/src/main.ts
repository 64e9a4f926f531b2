import "./style.css";
import { api, type Article } from "./api.js";
import { $, el, status } from "./dom.js";
import { exportSelection } from "./exports.js";
import { openGraph, wireGraph } from "./graph.js";
import { drawMap } from "./map.js";
import { renderArticle, showActor } from "./reader.js";
import { getSelection, onSelection, setSelection, fromArticle } from "./selection.js";
import { loadEvents, openTimeline, wireTimeline } from "./timeline.js";

const VIEWS = ["reader", "analyze", "graph", "timeline", "map"] as const;
type View = (typeof VIEWS)[number];

let lastArticle: Article | undefined;
const card = $("actor-card");
const onEntity = (e: Parameters<typeof showActor>[0]) => void showActor(e, card);

async function loadArticleList(search?: string): Promise<void> {
  const list = $("article-list");
  const page = await api.articles(search);
  list.replaceChildren(
    ...page.items.map((a) => {
      const item = el(
        "li",
        {},
        el("button", { type: "button", "data-article": a.id }, a.title ?? a.id),
        el("span", { class: "muted" }, ` ${a.published ?? ""} · ${a.events} events`),
      );
      item.querySelector("button")!.addEventListener("click", () => void openArticle(a.id));
      return item;
    }),
  );
  if (!page.items.length)
    list.append(el("li", { class: "muted" }, search ? "No article matches." : "No articles stored yet."));
}

async function openArticle(id: string): Promise<void> {
  const a = await api.article(id);
  lastArticle = a;
  for (const b of $("article-list").querySelectorAll("button"))
    b.classList.toggle("current", b.dataset.article === id);
  renderArticle(a, $("reader-pane"), onEntity);
}

async function show(view: View): Promise<void> {
  for (const v of VIEWS) $(`view-${v}`).classList.toggle("shown", v === view);
  for (const a of $("tabs").querySelectorAll<HTMLAnchorElement>("a"))
    a.classList.toggle("current", a.dataset.view === view);
  document.body.dataset.view = view;
  status("");
  try {
    if (view === "graph") await openGraph();
    if (view === "timeline") await openTimeline();
    if (view === "map") {
      // The map shows the current event selection: a pasted or opened article, else the store.
      const sel = getSelection();
      if (sel.events.length && !sel.graph) drawMap(sel.events, sel.label);
      else drawMap(await loadEvents(), "the store");
    }
    if (view === "reader" && lastArticle)
      setSelection({
        label: `events of ${lastArticle.title ?? lastArticle.id}`,
        events: fromArticle(lastArticle),
      });
  } catch (e) {
    status((e as Error).message, "error");
  }
  document.body.dataset.ready = view;
}

function download(format: string): void {
  const out = exportSelection(format, getSelection());
  if (!out) return;
  const url = URL.createObjectURL(new Blob([out.body], { type: out.type }));
  const a = el("a", { href: url, download: out.name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function wire(): void {
  onSelection((s) => ($("selection-label").textContent = `Export ${s.label}:`));
  for (const b of $("exports").querySelectorAll<HTMLButtonElement>("button[data-export]"))
    b.addEventListener("click", () => download(b.dataset.export!));
  let timer: ReturnType<typeof setTimeout> | undefined;
  $("article-search").addEventListener("input", (e) => {
    clearTimeout(timer);
    const q = (e.target as HTMLInputElement).value.trim();
    timer = setTimeout(
      () => void loadArticleList(q || undefined).catch((err: Error) => status(err.message, "error")),
      200,
    );
  });
  $("analyze-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = ($("analyze-text") as HTMLTextAreaElement).value;
    const lang = ($("analyze-lang") as HTMLSelectElement).value;
    const published = ($("analyze-published") as HTMLInputElement).value;
    const pane = $("analyze-pane");
    pane.replaceChildren(el("p", { class: "muted" }, "Analysing…"));
    api
      .analyze(text, lang || undefined, published || undefined)
      .then((a) => {
        renderArticle(a, pane, onEntity);
        status(`${a.entities.length} actors, ${a.events.length} events, ${a.relations.length} relations`);
      })
      .catch((err: Error) => {
        pane.replaceChildren(el("p", { class: "error" }, err.message));
      });
  });
  wireGraph();
  wireTimeline((id) => {
    location.hash = "reader";
    openArticle(id).catch((err: Error) => status(err.message, "error"));
  });
  window.addEventListener("hashchange", () => void show(viewOfHash()));
}

const viewOfHash = (): View => {
  const h = location.hash.slice(1);
  return (VIEWS as readonly string[]).includes(h) ? (h as View) : "reader";
};

wire();
loadArticleList()
  .then(async () => {
    const first = $("article-list").querySelector<HTMLButtonElement>("button[data-article]");
    if (first) await openArticle(first.dataset.article!);
  })
  .catch((e: Error) => status(e.message, "error"))
  .finally(() => void show(viewOfHash()));
