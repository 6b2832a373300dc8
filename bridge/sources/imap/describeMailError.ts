/**
 * A short, human message for an IMAP/SMTP/network error, with every given secret taken out (a server
 * may echo what it was sent). Used for logs, the mailbox's last error and what Odoo shows.
 */
export function describeMailError(err: unknown, secrets: Array<string | null | undefined> = []): string {
  const e = err as {
    message?: string;
    code?: string;
    responseText?: string;
    response?: string;
    serverResponseCode?: string;
    authenticationFailed?: boolean;
    responseCode?: number;
  };
  let text: string;
  if (e?.authenticationFailed || e?.serverResponseCode === "AUTHENTICATIONFAILED") {
    text = `authentication failed${e.responseText ? ` (${e.responseText})` : ""}`;
  } else if (e?.code === "ECONNREFUSED" || /\bECONNREFUSED\b/.test(e?.message ?? "")) {
    text = "connection refused";
  } else if (
    e?.code === "ENOTFOUND" ||
    e?.code === "EAI_AGAIN" ||
    /\b(ENOTFOUND|EAI_AGAIN)\b/.test(e?.message ?? "")
  ) {
    text = "host not found";
  } else if (e?.code === "ETIMEDOUT" || e?.code === "ETIMEOUT" || e?.code === "CONNECT_TIMEOUT") {
    text = "connection timed out";
  } else if (e?.code === "EAUTH") {
    text = `authentication failed${e.response ? ` (${e.response})` : ""}`;
  } else if (e?.code === "ECONNRESET" || e?.code === "EPIPE" || e?.code === "NoConnection") {
    text = "connection closed by the server";
  } else if (e?.code === "EHOSTUNREACH" || e?.code === "ENETUNREACH") {
    text = "host unreachable";
  } else if (
    /^ERR_(TLS|SSL)|^(DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_)/.test(e?.code ?? "") ||
    /certificate|tls|ssl/i.test(e?.message ?? "")
  ) {
    text = "TLS handshake failed (certificate or protocol)";
  } else if (e?.responseText || e?.response) {
    // an answer of a mail server to a command (IMAP tagged response, SMTP reply): kept, short
    text = `the server answered: ${String(e.responseText || e.response).slice(0, 120)}`;
  } else {
    // anything else (a banner of another service, a raw socket error) would let whoever sets the
    // host and port probe the network from the bridge: only the category is told (P14)
    text = "the server did not answer as a mail server";
  }
  text = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  text = text.replace(/\s+/g, " ").trim().slice(0, 300);
  for (const s of secrets) {
    if (s && s.length >= 1) text = text.split(s).join("[redacted]");
  }
  return text;
}

/** Whether a server answer asks us to slow down (rate limits, too many connections). */
export function isThrottling(err: unknown): boolean {
  const e = err as { responseCode?: number; message?: string; responseText?: string; response?: string };
  const text = `${e?.message ?? ""} ${e?.responseText ?? ""} ${e?.response ?? ""}`.toLowerCase();
  if (/throttl|rate limit|too many|try again later|limit exceeded|\[overquota\]|4\.7\.0/.test(text))
    return true;
  return (
    e?.responseCode === 421 || e?.responseCode === 450 || e?.responseCode === 451 || e?.responseCode === 452
  );
}
