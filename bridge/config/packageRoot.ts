import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of the order-intake package, found from this module's location whether it runs from
 * source (bridge/...) or from the bundle (dist/...), so migrations and demo data are always found.
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "order-intake")
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("the order-intake package folder was not found");
    dir = parent;
  }
}
