import { describe, expect, it } from "vitest";
import { createSecretBox } from "./secretBox.ts";

describe("secretBox (AES-256-GCM)", () => {
  const box = createSecretBox(Buffer.alloc(32, 7));

  it("round-trips and never stores the clear text", () => {
    const sealed = box.seal("hunter2-mailbox-password");
    expect(sealed.includes(Buffer.from("hunter2"))).toBe(false);
    expect(box.open(sealed)).toBe("hunter2-mailbox-password");
    expect(box.seal("same").equals(box.seal("same"))).toBe(false);
  });

  it("refuses a tampered value or another key", () => {
    const sealed = box.seal("secret");
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
  });
});
