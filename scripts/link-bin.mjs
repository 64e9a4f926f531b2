// Links this package's own `vigie` binary into node_modules/.bin so that `npx vigie` works in a
// checkout (npm links the bins of dependencies only, never the root package's).
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "dist", "cli", "bin.js");
const binDir = join(root, "node_modules", ".bin");
if (existsSync(target) && existsSync(join(root, "node_modules"))) {
  chmodSync(target, 0o755);
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, "vigie");
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, target), link);
}
