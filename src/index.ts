export * from "./doc/index.js";
export * from "./errors.js";
export * from "./pipeline/stage.js";
export {
  openStore,
  parseStoreUrl,
  contentHash,
  actorId,
  DEFAULT_DB,
  type OpenStoreOptions,
} from "./store/index.js";
export type * from "./store/types.js";
export { ingest, type IngestOptions, type IngestProgress } from "./ingest/ingest.js";
export { readSources } from "./ingest/sources.js";
export { parseFeed, type FeedItem } from "./ingest/feed.js";
export { enqueue, runWorker, queueCounts, deadLetters } from "./queue/queue.js";
