import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export interface StaticFile {
  body: Uint8Array;
  type: string;
  /** Hashed asset names never change content, so they may be cached for good. */
  immutable: boolean;
}

/** The built page: dist/web at the package root, from src/server or dist/server alike. */
export function defaultWebRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "web");
}

/**
 * Reads the whole built page into memory once. Only the files found under the root can ever be
 * served, by exact URL path, so no request path (../, encoded or not, symlinks) can reach outside:
 * the lookup is a map, not a file-system path join.
 */
export function loadStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(root)) return files;
  const walk = (dir: string) => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && statSync(p).size <= 32 * 1024 * 1024) {
        const url = "/" + relative(root, p).split(sep).join("/");
        files.set(url, {
          body: readFileSync(p),
          type: TYPES[extname(p).toLowerCase()] ?? "application/octet-stream",
          immutable: url.startsWith("/assets/"),
        });
      }
    }
  };
  walk(root);
  return files;
}
