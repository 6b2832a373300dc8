import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createSlackRouter, slackInteractionsPath } from "./createSlackRouter.ts";

const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";
let url: string;
let close: () => void;
const enqueued: unknown[] = [];

beforeAll(async () => {
  const handle = {
    sql: (...args: unknown[]) => {
      enqueued.push(args);
      return Promise.resolve([]);
    },
  } as unknown as DatabaseHandle;
  const app = express();
  app.use(
    createSlackRouter({ handle, logger: memoryLogger("silent").logger, signingSecret, botToken: "xoxb-1" }),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${slackInteractionsPath}`;
  close = () => server.close();
});
afterAll(() => close?.());

function post(at: number) {
  const body = new URLSearchParams({
    payload: JSON.stringify({ type: "block_actions", actions: [] }),
  }).toString();
  const signature = `v0=${createHmac("sha256", signingSecret).update(`v0:${at}:${body}`).digest("hex")}`;
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(at),
      "x-slack-signature": signature,
      connection: "close",
    },
    body,
  });
}

describe("Slack request timestamps (P14 point 9)", () => {
  it("refuses a correctly signed request dated 6 minutes in the future", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await post(now + 360)).status).toBe(401);
    expect((await post(now - 360)).status).toBe(401);
    // within the window, the request reaches Bolt (which answers it)
    expect((await post(now + 30)).status).not.toBe(401);
  });
});
