import { PassThrough, Readable } from "node:stream";
import { main } from "../main.js";

/** Runs the CLI in-process with in-memory streams, as the CLI tests do. */
export async function runCli(
  argv: string[],
  stdinText = "",
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += String(d)));
  stderr.on("data", (d) => (err += String(d)));
  const code = await main(argv, { stdout, stderr, stdin: Readable.from([stdinText]) });
  return { code, out, err };
}
