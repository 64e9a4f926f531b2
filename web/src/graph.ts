import cytoscape, { type Core } from "cytoscape";
import { api, type Graph } from "./api.js";
import { $, badge, el, status } from "./dom.js";
import { showActor } from "./reader.js";
import { setSelection } from "./selection.js";

export const EDGE_COLORS: Record<string, string> = {
  SUPPORT: "#2e7d32",
  OPPOSE: "#c62828",
  MEMBER: "#6d6d6d",
  LEADS: "#6a1b9a",
  RECOGNIZE: "#1565c0",
};
const NODE_COLORS: Record<string, string> = {
  PER: "#f9a825",
  ORG: "#1e88e5",
  GPE: "#43a047",
  LOC: "#8d6e63",
  EVT: "#8e24aa",
};

let cy: Core | undefined;
let months: string[] = [];
let full: Graph | undefined;

const monthOf = (d: string | undefined) => d?.slice(0, 7);

/** Months spanned by the whole network, for the two ends of the time slider. */
function monthRange(g: Graph): string[] {
  const seen = g.edges
    .flatMap((e) => [monthOf(e.first_seen), monthOf(e.last_seen)])
    .filter((m): m is string => !!m && m.length === 7);
  if (!seen.length) return [];
  seen.sort();
  const out: string[] = [];
  let [y, m] = seen[0]!.split("-").map(Number) as [number, number];
  const last = seen[seen.length - 1]!;
  for (let i = 0; i < 2400; i++) {
    const cur = `${y}-${String(m).padStart(2, "0")}`;
    out.push(cur);
    if (cur >= last) break;
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

const endOfMonth = (ym: string) => {
  const [y, m] = ym.split("-").map(Number) as [number, number];
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
};

export async function openGraph(): Promise<void> {
  const fromIn = $("graph-from") as HTMLInputElement;
  const toIn = $("graph-to") as HTMLInputElement;
  if (!full) {
    full = await api.graph();
    months = monthRange(full);
    for (const i of [fromIn, toIn]) i.max = String(Math.max(0, months.length - 1));
    fromIn.value = "0";
    toIn.value = String(Math.max(0, months.length - 1));
    const legend = $("graph-legend");
    legend.replaceChildren(
      ...Object.entries(NODE_COLORS).map(([t, c]) =>
        el("span", { class: "swatch", style: `background:${c}` }, t),
      ),
      ...Object.entries(EDGE_COLORS).map(([t, c]) => {
        const b = badge(t, `rel rel-${t}`);
        b.style.borderColor = c;
        b.style.color = c;
        return b;
      }),
      el("span", { class: "muted" }, "dashed: events between two actors; node size: events"),
    );
  }
  await drawWindow();
}

async function drawWindow(): Promise<void> {
  const fromIn = $("graph-from") as HTMLInputElement;
  const toIn = $("graph-to") as HTMLInputElement;
  if (Number(fromIn.value) > Number(toIn.value)) toIn.value = fromIn.value;
  const from = months[Number(fromIn.value)];
  const to = months[Number(toIn.value)];
  $("graph-window").textContent = from && to ? `${from} → ${to}` : "all dates";
  const g = from && to ? await api.graph(`${from}-01`, endOfMonth(to)) : full!;
  const withEvents = ($("graph-events") as HTMLInputElement).checked;
  const edges = g.edges.filter((e) => withEvents || e.category === "relation");
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = g.nodes.filter((n) => linked.has(n.id));
  setSelection({
    label: `network: ${nodes.length} actors, ${edges.length} links`,
    events: [],
    graph: { nodes, edges },
  });
  const container = $("graph-canvas");
  if (!nodes.length) {
    cy?.destroy();
    cy = undefined;
    container.replaceChildren(el("p", { class: "empty" }, "No links between actors in this time window."));
    return;
  }
  container.replaceChildren();
  const maxEvents = Math.max(1, ...nodes.map((n) => n.events));
  cy?.destroy();
  cy = cytoscape({
    container,
    elements: [
      ...nodes.map((n) => ({
        data: {
          id: n.id,
          label: n.name,
          color: NODE_COLORS[n.type] ?? "#999",
          size: 18 + 42 * Math.sqrt(n.events / maxEvents),
        },
      })),
      ...edges.map((e, i) => ({
        data: {
          id: `e${i}`,
          source: e.source,
          target: e.target,
          label: e.kind ? `${e.type} (${e.kind})` : e.type,
          color: EDGE_COLORS[e.type] ?? "#9e9e9e",
          width: 1 + Math.min(6, e.count),
          line: e.category === "relation" ? "solid" : "dashed",
        },
      })),
    ],
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(color)",
          label: "data(label)",
          width: "data(size)",
          height: "data(size)",
          "font-size": 10,
          "text-valign": "bottom",
          "text-margin-y": 3,
        },
      },
      {
        selector: "edge",
        style: {
          "line-color": "data(color)",
          "target-arrow-color": "data(color)",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          width: "data(width)",
          "line-style": "data(line)" as "solid",
          label: "data(label)",
          "font-size": 8,
          color: "#555",
          "text-rotation": "autorotate",
        },
      },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000 },
    wheelSensitivity: 0.3,
  });
  cy.on("tap", "node", (evt) => {
    const n = nodes.find((x) => x.id === evt.target.id());
    if (n)
      void showActor(
        {
          id: n.id,
          name: n.name,
          type: n.type,
          mentions: [],
          spans: [],
          actor_id: n.id,
          country: n.country,
          sector: n.sector,
        },
        $("actor-card"),
      );
  });
}

export function wireGraph(): void {
  for (const id of ["graph-from", "graph-to", "graph-events"])
    $(id).addEventListener("change", () => void drawWindow().catch((e: Error) => status(e.message, "error")));
}
