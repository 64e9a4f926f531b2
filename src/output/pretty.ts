import type { VDocument } from "../doc/document.js";

const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A human-readable summary of one analysed article. */
export function toPretty(doc: VDocument): string {
  const name = (i: number) => doc.entities[i]?.name ?? "?";
  const names = (xs: number[]) => (xs.length ? xs.map(name).join(" + ") : "—");
  const lines: string[] = [];
  lines.push(`▌ ${doc.id}  [${doc.lang ?? "?"}${doc.meta.published ? `, ${doc.meta.published}` : ""}]`);
  if (doc.meta.title) lines.push(`  ${doc.meta.title}`);
  lines.push(`  Actors (${doc.entities.length})`);
  for (const e of doc.entities) {
    const extra = [e.country, e.sector, e.role].filter(Boolean).join(", ");
    lines.push(`    ${e.type.padEnd(4)} ${e.name}${extra ? `  (${extra})` : ""}  ×${e.mentions.length}`);
  }
  lines.push(`  Events (${doc.events.length})`);
  for (const ev of doc.events) {
    const when = ev.date ? `${ev.date}` : "date ?";
    const where = ev.location ? ` @ ${ev.location}` : "";
    const source = ev.reportedBy.length ? `; source: ${names(ev.reportedBy)}` : "";
    const mod = ev.modality === "asserted" && !source ? "" : ` [${ev.modality}${source}]`;
    lines.push(
      `    ${ev.type}${ev.cameo ? `/${ev.cameo}` : ""}  ${names(ev.source)} → ${names(ev.target)}  ${when}${where}${mod}`,
    );
    lines.push(`      “${clip(doc.text.slice(ev.evidence[0], ev.evidence[1]))}”`);
  }
  lines.push(`  Relations (${doc.relations.length})`);
  for (const r of doc.relations) {
    lines.push(
      `    ${r.type}${r.kind ? `/${r.kind}` : ""}  ${names(r.source)} → ${names(r.target)}${r.modality === "asserted" ? "" : ` [${r.modality}]`}`,
    );
  }
  for (const d of doc.diagnostics) lines.push(`  ${d.severity}: ${d.message}`);
  return lines.join("\n");
}
