import type { Readable, Writable } from "node:stream";

/** The streams a command writes to; tests pass in-memory ones and call main() directly. */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** Whether stdout is a terminal (progress bars, colours). */
  isTTY?: boolean;
}

export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(text, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else stream.once("drain", () => resolve());
  });
}
