import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp, type AppOptions } from "./app.js";

export { createApp, CONTENT_SECURITY_POLICY, DEFAULT_MAX_BODY_BYTES, type AppOptions } from "./app.js";
export { defaultWebRoot } from "./static.js";
export { openApiDocument } from "./openapi.js";

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the API and page; loopback unless a host is given. Port 0 picks a free port. */
export async function startServer(
  opts: AppOptions & { host?: string; port?: number },
): Promise<RunningServer> {
  const app = createApp(opts);
  const host = opts.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: host, port: opts.port ?? 8080 },
      (info: AddressInfo) => {
        const shown = info.family === "IPv6" ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shown}:${info.port}/`,
          port: info.port,
          close: () =>
            new Promise<void>((res) => {
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close(() => res());
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
