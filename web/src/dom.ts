/**
 * Every piece of article or API text reaches the page through textContent: nothing here ever
 * parses a string as HTML, so an article containing <script> or <img onerror> stays text.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children)
    if (c !== undefined) e.append(typeof c === "string" ? document.createTextNode(c) : c);
  return e;
}

export function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing #${id}`);
  return e;
}

export function status(msg: string, kind: "info" | "error" = "info"): void {
  const s = $("status");
  s.textContent = msg;
  s.className = `status ${kind}`;
}

export function badge(text: string, cls: string): HTMLElement {
  return el("span", { class: `badge ${cls}` }, text);
}
