import type { ExtractionResult } from "../types.ts";
import type { LlmInput, LlmReader } from "./llmReader.ts";

/** Placeholder replaced below. */
export async function mergeModelReading(
  result: ExtractionResult,
  _llm: LlmReader,
  _input: LlmInput,
): Promise<ExtractionResult & { metadata?: { model?: string; tokens?: { input: number; output: number } } }> {
  return result;
}
