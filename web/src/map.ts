import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries from "world-atlas/countries-110m.json";
import { $, el } from "./dom.js";
import type { EventRow } from "./selection.js";

let map: L.Map | undefined;
let layer: L.LayerGroup | undefined;

/** Country shapes bundled with the page: no tile server, so the map works offline. */
function baseMap(): L.Map {
  const m = L.map($("map-canvas"), { worldCopyJump: true, minZoom: 1, maxZoom: 8, attributionControl: true });
  const topo = countries as unknown as Topology<{ countries: GeometryCollection }>;
  const shapes = feature(topo, topo.objects.countries);
  // Antarctica is left out, and rings that cross the antimeridian (Russia, Fiji) are unwrapped
  // east of 180°: drawn as they come, they streak across the whole map.
  shapes.features = shapes.features.filter((f) => f.id !== "010");
  for (const f of shapes.features) unwrap(f.geometry);
  L.geoJSON(shapes, {
    style: { color: "#8a8a8a", weight: 0.6, fillColor: "#eef0e8", fillOpacity: 1 },
  }).addTo(m);
  m.attributionControl.addAttribution("Natural Earth (world-atlas)");
  m.setView([20, 10], 2);
  return m;
}

function unwrap(g: GeoJSON.Geometry | null): void {
  if (!g) return;
  const rings = g.type === "Polygon" ? g.coordinates : g.type === "MultiPolygon" ? g.coordinates.flat() : [];
  for (const ring of rings) {
    if (ring.some((p) => p[0]! > 150) && ring.some((p) => p[0]! < -150))
      for (const p of ring) if (p[0]! < 0) p[0] = p[0]! + 360;
  }
}

export function drawMap(events: EventRow[], label: string): void {
  map ??= baseMap();
  map.invalidateSize();
  layer?.remove();
  const placed = events.filter((e) => e.geo);
  const note = $("map-note");
  if (!placed.length) {
    note.replaceChildren(el("p", { class: "empty" }, `No geocoded events in ${label}.`));
    layer = undefined;
    return;
  }
  note.textContent = `${placed.length} of ${label} placed on the map.`;
  layer = L.layerGroup().addTo(map);
  for (const e of placed) {
    const popup = el(
      "div",
      {},
      el("strong", {}, `${e.type} ${e.date ?? ""}`),
      el("br"),
      `${e.source.map((a) => a.name).join(", ")} → ${e.target.map((a) => a.name).join(", ")}`,
      el("br"),
      el("em", {}, e.location ?? ""),
    );
    L.circleMarker([e.geo!.lat, e.geo!.lon], {
      radius: 6,
      color: "#b71c1c",
      fillOpacity: 0.6,
      className: "event-marker",
    })
      .bindPopup(popup)
      .addTo(layer);
  }
  map.fitBounds(L.latLngBounds(placed.map((e) => [e.geo!.lat, e.geo!.lon] as [number, number])).pad(0.5), {
    maxZoom: 5,
  });
}
