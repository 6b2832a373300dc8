import type { Reason } from "../types.ts";

/** One method's result in an Authentication-Results header (RFC 8601). */
export interface AuthResult {
  method: "spf" | "dkim" | "dmarc";
  result: string;
  /** The domain the result is about (smtp.mailfrom, header.d, header.from). */
  domain: string | null;
}

export type AuthVerdict =
  /** A pass aligned with the From domain: DMARC, or DKIM/SPF for the From domain. */
  | "pass"
  /** The receiving server's checks failed for the From domain: likely forged. */
  | "fail"
  /** No result from the receiving server, or none that speaks for the From domain. */
  | "none";

export interface SenderAuthenticity {
  verdict: AuthVerdict;
  /** The results read, for the reason's words. */
  results: AuthResult[];
  /** Where the header came from: the receiving server's Authentication-Results, or an ARC set. */
  source: "authentication-results" | "arc" | null;
  /**
   * The only address an acknowledgement may go to: the From address, never Reply-To; none when the
   * receiving server's checks failed for it (a forged From is not answered).
   */
  acknowledgeTo: string | null;
  /** Reasons for the decision (empty for a sender that is not a known customer or is authentic). */
  reasons: Reason[];
}

/** The raw header block of a message, unfolded, as [lower-case name, value] in order (top first). */
export function headerFields(raw: Buffer | string, maxBytes = 256 * 1024): Array<[string, string]> {
  const text = (typeof raw === "string" ? raw : raw.subarray(0, maxBytes).toString("latin1")).slice(
    0,
    maxBytes,
  );
  const end = text.search(/\r?\n\r?\n/);
  const head = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, " ");
  const out: Array<[string, string]> = [];
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    out.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
  }
  return out;
}

/** Parses the results of one Authentication-Results value (after its authserv-id). */
export function parseAuthenticationResults(value: string): AuthResult[] {
  // comments "(...)" carry no results
  const text = value.replace(/\([^()]*\)/g, " ");
  const results: AuthResult[] = [];
  // "spf=pass smtp.mailfrom=a.example; dkim=pass header.d=a.example; dmarc=fail header.from=a.example"
  for (const part of text.split(";").slice(1)) {
    const m = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(part);
    if (!m) continue;
    const method = m[1]!.toLowerCase() as AuthResult["method"];
    const prop =
      method === "spf"
        ? /smtp\.(?:mailfrom|helo)\s*=\s*"?([^\s;"]+)/i.exec(part)
        : method === "dkim"
          ? /header\.[di]\s*=\s*"?([^\s;"]+)/i.exec(part)
          : /header\.from\s*=\s*"?([^\s;"]+)/i.exec(part);
    const domain = prop?.[1] ? (prop[1].split("@").pop() ?? "").toLowerCase().replace(/^@/, "") : null;
    results.push({ method, result: m[2]!.toLowerCase(), domain: domain || null });
  }
  return results;
}

/** Relaxed alignment (DMARC): the same organisational domain, approximated by the last two labels. */
function aligned(a: string | null, b: string): boolean {
  if (!a) return false;
  const org = (d: string) => d.toLowerCase().split(".").slice(-2).join(".");
  return a.toLowerCase() === b.toLowerCase() || org(a) === org(b);
}

function domainOf(address: string | null | undefined): string | null {
  const at = address?.lastIndexOf("@") ?? -1;
  return address && at > 0 ? address.slice(at + 1).toLowerCase() : null;
}

/**
 * The verdict of the receiving server on the From domain. Only the topmost Authentication-Results
 * header is read (the one our receiving server added; those below it may come from the sender), and,
 * without one, the most recent ARC-Authentication-Results (a trusted forwarder's).
 */
export function readSenderAuthentication(
  raw: Buffer | string,
  fromAddress: string | null,
): Pick<SenderAuthenticity, "verdict" | "results" | "source"> {
  const fields = headerFields(raw);
  const fromDomain = domainOf(fromAddress);
  let source: SenderAuthenticity["source"] = null;
  let value = fields.find(([k]) => k === "authentication-results")?.[1];
  if (value !== undefined) source = "authentication-results";
  else {
    const arc = fields
      .filter(([k]) => k === "arc-authentication-results")
      .map(([, v]) => ({
        i: Number(/\bi\s*=\s*(\d+)/.exec(v)?.[1] ?? 0),
        v: v.replace(/^\s*i\s*=\s*\d+\s*;/, ""),
      }))
      .sort((a, b) => b.i - a.i)[0];
    if (arc) {
      value = arc.v;
      source = "arc";
    }
  }
  const results = value !== undefined ? parseAuthenticationResults(value) : [];
  if (!fromDomain || results.length === 0) return { verdict: "none", results, source };
  const about = (m: AuthResult["method"]) =>
    results.filter(
      (r) => r.method === m && (r.domain === null ? m === "dmarc" : aligned(r.domain, fromDomain)),
    );
  const dmarc = about("dmarc");
  const dkim = about("dkim");
  const spf = about("spf");
  if (dmarc.some((r) => r.result === "pass")) return { verdict: "pass", results, source };
  if (dmarc.some((r) => r.result === "fail")) return { verdict: "fail", results, source };
  if (dkim.some((r) => r.result === "pass") || spf.some((r) => r.result === "pass")) {
    return { verdict: "pass", results, source };
  }
  const failed = (rs: AuthResult[]) => rs.some((r) => ["fail", "softfail", "permerror"].includes(r.result));
  if (failed(spf) || failed(dkim)) return { verdict: "fail", results, source };
  return { verdict: "none", results, source };
}

/**
 * Sender authenticity (P14): a mail from a known customer's address without a pass from the receiving
 * server, or with a Reply-To outside the customer's domains, gets a reason that keeps it below the
 * auto threshold; the address an acknowledgement may go to is the From address only.
 */
export function checkSenderAuthenticity(input: {
  raw: Buffer | string;
  from: { address: string } | null;
  replyTo: { address: string } | null;
  /** The known customer the From address matched (by address or domain), if any. */
  customer: { name: string; email_domain: string; email_domains?: string[] } | null;
  /** Our own domain: a Reply-To there (our own staff) is no doubt. */
  ownDomain: string;
}): SenderAuthenticity {
  const from = input.from?.address.toLowerCase() ?? null;
  const auth = readSenderAuthentication(input.raw, from);
  const reasons: Reason[] = [];
  const shown = auth.results
    .filter((r) => r.method !== "dkim" || r.domain)
    .map((r) => `${r.method}=${r.result}`)
    .join(", ");
  if (input.customer && from) {
    if (auth.verdict === "fail") {
      reasons.push({
        code: "sender.spoofed",
        severity: "hard",
        message: `The mail claims to come from ${from} (${input.customer.name}), but the receiving server's checks failed (${shown}): it may be forged.`,
        path: "email.from",
      });
    } else if (auth.verdict === "none") {
      reasons.push({
        code: "sender.unauthenticated",
        severity: "warning",
        message:
          auth.results.length === 0
            ? `No SPF, DKIM or DMARC result from the receiving server proves that ${from} (${input.customer.name}) sent this mail.`
            : `The receiving server's checks (${shown}) do not prove that ${from} (${input.customer.name}) sent this mail.`,
        path: "email.from",
      });
    }
    const replyDomain = domainOf(input.replyTo?.address);
    const domains = [input.customer.email_domain, ...(input.customer.email_domains ?? []), input.ownDomain]
      .filter(Boolean)
      .map((d) => d.toLowerCase());
    if (replyDomain && !domains.some((d) => replyDomain === d || replyDomain.endsWith(`.${d}`))) {
      reasons.push({
        code: "sender.reply_to_foreign",
        severity: "hard",
        message: `Replies are redirected to ${input.replyTo?.address}, outside ${input.customer.name}'s domains (${domains.slice(0, -1).join(", ")}): a common sign of a forged order. No acknowledgement goes there.`,
        path: "email.reply_to",
      });
    }
  }
  return {
    ...auth,
    acknowledgeTo: from && auth.verdict !== "fail" ? from : null,
    reasons,
  };
}
