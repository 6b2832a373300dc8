import { readFileSync } from "node:fs";

/** What a real Odoo 18 answered (see recordOdoo.ts), read from recorded/*.json. */
export function recorded<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./recorded/${name}.json`, import.meta.url), "utf8")) as T;
}

export interface RecordedFault {
  ok: false;
  faultCode: number;
  faultString: string;
}

export type RecordedFields = Record<
  string,
  Record<
    string,
    {
      type: string;
      string: string;
      relation?: string;
      required?: boolean;
      readonly?: boolean;
      selection?: [string, string][];
    }
  >
>;

/** The last line of a recorded traceback fault ("ValueError: ..."), to rebuild one with other values. */
export function tracebackFault(name: string, lastLine: string): string {
  const f = recorded<RecordedFault>(name).faultString;
  const lines = f.trimEnd().split("\n");
  lines[lines.length - 1] = lastLine;
  return `${lines.join("\n")}\n`;
}
