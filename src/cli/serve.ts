import { VigieError } from "../errors.js";
import { defaultWebRoot, startServer, type RunningServer } from "../server/index.js";
import { openStore, redactUrl } from "../store/index.js";
import type { EventStore } from "../store/types.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

export interface ServeOptions {
  db?: string;
  port?: string;
  host?: string;
  token?: string;
  maxBodyBytes?: number;
}

export function parsePort(s: string | undefined, fallback = 8080): number {
  if (s === undefined) return fallback;
  const n = /^\d{1,5}$/.test(s) ? Number(s) : Number.NaN;
  if (!(n >= 0 && n <= 65535)) throw new VigieError("USAGE", `--port must be 0–65535, not "${s}"`);
  return n;
}

/** Opens the store and starts the server; the caller decides how long it runs. */
export async function openAndServe(
  opts: ServeOptions,
  version: string,
): Promise<{ store: EventStore; server: RunningServer }> {
  const port = parsePort(opts.port);
  if (opts.maxBodyBytes !== undefined && !(Number.isInteger(opts.maxBodyBytes) && opts.maxBodyBytes > 0))
    throw new VigieError("USAGE", "--max-bytes must be a positive whole number of bytes");
  const token = opts.token ?? process.env.VIGIE_TOKEN;
  const store = await openStore(opts.db);
  try {
    const server = await startServer({
      store,
      version,
      token: token === "" ? undefined : token,
      webRoot: defaultWebRoot(),
      host: opts.host ?? "127.0.0.1",
      port,
      ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    });
    return { store, server };
  } catch (e) {
    await store.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE" || err.code === "EACCES" || err.code === "EADDRNOTAVAIL")
      throw new VigieError("USAGE", `cannot listen on ${opts.host ?? "127.0.0.1"}:${port}: ${err.code}`, {
        cause: e,
      });
    throw e;
  }
}

const waiting = new Set<() => void>();

/** Resolves on SIGINT or SIGTERM (or stopServing()), so that the store is closed cleanly. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      waiting.delete(done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
    waiting.add(done);
  });
}

/** Stops every `vigie serve` or `vigie demo` of this process as a signal would (tests call main()). */
export function stopServing(): void {
  for (const done of [...waiting]) done();
}

export async function runServe(opts: ServeOptions, version: string, io: CliIO): Promise<number> {
  const { store, server } = await openAndServe(opts, version);
  const token = opts.token ?? process.env.VIGIE_TOKEN;
  await write(
    io.stdout,
    `Vigie ${version} serving ${server.url} (store: ${store.dialect} ${redactUrl(opts.db ?? process.env.VIGIE_DB ?? "./vigie.db")}; ` +
      `writes ${token ? "need the bearer token" : "disabled: no --token or VIGIE_TOKEN"}). Ctrl-C stops it.\n`,
  );
  await untilSignal();
  await server.close();
  await store.close();
  return EXIT.OK;
}
