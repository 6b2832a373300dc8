/**
 * A failure no retry can fix (bad input, a record Odoo refuses for good). The task wrapper records it
 * with its reason and completes the job instead of retrying. Anything else thrown is retried.
 */
export class PermanentJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}
