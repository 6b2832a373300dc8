import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { GlobalFonts } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, "__fixtures__");

// the generated pages need a font on the machine (DejaVu, URW, ...)
describe.skipIf(GlobalFonts.families.length === 0)("OCR without a network", () => {
  it("reads a page with every connection to another host refused (models come from node_modules)", {
    timeout: 90_000,
  }, async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--require", join(fixtures, "blockNetwork.cjs"), "--import", "tsx", join(fixtures, "offlineScan.ts")],
      { cwd: fixtures, timeout: 80_000, env: { ...process.env, NODE_OPTIONS: "" } },
    );
    expect(stderr).not.toContain("NETWORK ATTEMPT");
    const out = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { text: string; rows: string[][] };
    expect(out.text).toContain("PO-5521");
    expect(out.rows.flat()).toContain("TST-1001");
  });
});
