#!/usr/bin/env node
// Trains the statistical models from the shared corpora (see src/models/SPLITS.md).
// Usage: npm run build && node scripts/train.mjs <tagger|parser|ner|all|speed> --lang <fr|en|es|all> [--data DIR] [--out DIR]
// The parser's predicted-tag scores use models/<lang>/tagger.bin, so train the tagger first.
// "speed" (also run after "all") measures the models alone and together and updates the reports.
import { recordSpeed, train } from "../dist/models/train.js";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const what = args[0] ?? "all";
const langArg = opt("--lang", "all");
const kinds = what === "all" ? ["tagger", "parser", "ner"] : what === "speed" ? [] : [what];
const langs = langArg === "all" ? ["fr", "en", "es"] : [langArg];
for (const k of kinds) {
  if (!["tagger", "parser", "ner"].includes(k)) {
    console.error(`unknown model "${k}" (tagger, parser, ner, all or speed)`);
    process.exit(2);
  }
}
for (const l of langs) {
  if (!["fr", "en", "es"].includes(l)) {
    console.error(`unknown language "${l}" (fr, en, es or all)`);
    process.exit(2);
  }
}
const dataDir = opt("--data", undefined);
const outDir = opt("--out", "models");
for (const lang of langs) {
  for (const kind of kinds) {
    const r = train(kind, lang, { dataDir, outDir, log: (line) => console.log(line) });
    console.log(
      `${kind} ${lang}: ${r.trainSeconds}s, ${(r.bytes / 1e6).toFixed(2)} MB, ${r.tokensPerSecond} tok/s`,
    );
  }
  if (what === "all" || what === "speed") {
    const s = recordSpeed(lang, { dataDir, outDir });
    console.log(
      `speed ${lang} (${s.tokens} tokens, tok/s): tagger ${s.tagger}, parser ${s.parser}, ner ${s.ner}, all three ${s.pipeline}`,
    );
  }
}
