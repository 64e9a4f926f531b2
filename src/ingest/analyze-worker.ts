import { parentPort, workerData } from "node:worker_threads";
import type { AnalyzeInput } from "../analyze.js";
import { type AnalyzerSettings, makeAnalyzeOne } from "./analyze-one.js";

/** Worker-thread entry of the analysis pool (pool.ts): one message in, one message out, by seq. */
const port = parentPort;
if (port) {
  const analyzeOne = makeAnalyzeOne((workerData ?? {}) as AnalyzerSettings);
  port.on("message", (msg: { seq: number; input: AnalyzeInput }) => {
    port.postMessage({ seq: msg.seq, result: analyzeOne(msg.input) });
  });
}
