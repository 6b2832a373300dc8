import { describe, expect, it } from "vitest";
import { odooFaultError } from "./odooErrors.ts";

/** The last lines of faultStrings as a real Odoo 18 sends them over XML-RPC. */
const fault = (exception: string, message: string) =>
  `Traceback (most recent call last):\n  File "/odoo/http.py", line 1, in dispatch\n${exception}: ${message}\n`;

describe("what a retry of an Odoo fault can fix", () => {
  it("two requests storing the same file at once: the second is tried again", () => {
    const e = odooFaultError(
      2,
      fault("odoo.exceptions.UserError", "The attachment collides with an existing file."),
    );
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/same file was being stored at once/);
  });

  it("a refusal is final; a serialization failure is not", () => {
    expect(odooFaultError(2, fault("odoo.exceptions.UserError", "You cannot do that.")).retryable).toBe(
      false,
    );
    expect(odooFaultError(2, fault("odoo.exceptions.ValidationError", "Bad value")).retryable).toBe(false);
    expect(
      odooFaultError(
        1,
        fault("psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update"),
      ).retryable,
    ).toBe(true);
  });
});
