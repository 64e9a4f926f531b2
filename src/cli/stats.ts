import { openStore } from "../store/index.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

/** `vigie stats`: counts of what the store holds. */
export async function runStats(opts: { db?: string; json?: boolean }, io: CliIO): Promise<number> {
  const store = await openStore(opts.db);
  try {
    const s = await store.stats();
    if (opts.json) await write(io.stdout, `${JSON.stringify({ dialect: store.dialect, ...s })}\n`);
    else {
      const rows = Object.entries(s).map(([k, v]) => `${k.padEnd(10)} ${v}`);
      await write(io.stdout, `${rows.join("\n")}\n`);
    }
  } finally {
    await store.close();
  }
  return EXIT.OK;
}
