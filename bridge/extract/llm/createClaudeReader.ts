import type { LlmReader } from "./llmReader.ts";

export interface ClaudeReaderOptions {
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  fetch?: typeof fetch;
}

export function createClaudeReader(opts: ClaudeReaderOptions): LlmReader {
  return {
    model: opts.model,
    async read() {
      throw new Error("not implemented");
    },
  };
}
