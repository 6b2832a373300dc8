/** The mailbox settings a connection used: what an explanation points at (Odoo's field labels). */
export interface MailSetting {
  protocol: "imap" | "smtp";
  host: string | null;
  port: number | null;
  security: string | null;
}

type MailError = {
  message?: string;
  code?: string;
  originalCode?: string;
  timeoutType?: string;
  responseText?: string;
  response?: string;
  serverResponseCode?: string;
  authenticationFailed?: boolean;
  responseCode?: number;
  library?: string;
  reason?: string;
  tlsFailed?: boolean;
  errno?: number;
  syscall?: string;
  command?: string;
};

const securityLabel: Record<string, string> = { ssl: "SSL/TLS", starttls: "STARTTLS", none: "None" };
/** The usual ports: implicit TLS, and plain text upgraded with STARTTLS. */
const usualPorts = { imap: { ssl: 993, starttls: 143 }, smtp: { ssl: 465, starttls: 587 } } as const;

const selfSignedCodes = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);
/** OpenSSL's answers when the other side does not speak TLS at all (a plain-text port). */
const notTlsReasons =
  /wrong version number|packet length too long|unknown protocol|http request|record layer failure/i;

/**
 * What went wrong, for an admin: the error classified (authentication, refused, timeout, TLS on a
 * plain port, plain on a TLS port, STARTTLS missing, untrusted certificate...), and with `setting` the
 * field of the mailbox to change ("set IMAP Security to STARTTLS, or IMAP Port to 993"). Raw socket
 * and OpenSSL texts are never passed on (at most their error code); a mail server's own answer is,
 * shortened. Every given secret is taken out (a server may echo what it was sent).
 */
export function describeMailError(
  err: unknown,
  secrets: Array<string | null | undefined> = [],
  setting?: MailSetting,
): string {
  const e = (err ?? {}) as MailError;
  const code = e.originalCode ?? e.code ?? "";
  const message = e.message ?? "";
  const proto = setting?.protocol === "smtp" ? "SMTP" : "IMAP";
  const where = setting?.host ? `${setting.host}${setting.port ? `:${setting.port}` : ""}` : "the server";
  const usual = usualPorts[setting?.protocol ?? "imap"];
  const security = setting?.security ?? null;
  const securityName = security ? (securityLabel[security] ?? security) : null;
  /** `short` alone without a setting (as before), else `long` and the field to change. */
  const say = (short: string, long: string, advice: string) => (setting ? `${long}. ${advice}` : short);
  let text: string;

  if (
    e.authenticationFailed ||
    e.serverResponseCode === "AUTHENTICATIONFAILED" ||
    code === "EAUTH" ||
    e.responseCode === 535
  ) {
    const said = e.responseText || e.response || "";
    text = say(
      `authentication failed${said ? ` (${said})` : ""}`,
      `authentication failed${said ? ` (the server said: ${said})` : ""}`,
      "Check Username (often the whole address) and Password; providers such as Gmail and Microsoft 365 need an app password.",
    );
  } else if (code === "ECONNREFUSED" || /\bECONNREFUSED\b/.test(message)) {
    text = say(
      "connection refused",
      `connection refused: nothing accepts connections at ${where}`,
      `Check ${proto} Host and ${proto} Port (${usual.ssl} with SSL/TLS, ${usual.starttls} with STARTTLS).`,
    );
  } else if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /\b(ENOTFOUND|EAI_AGAIN)\b/.test(message)) {
    text = say(
      "host not found",
      `host not found: ${setting?.host ?? "?"}`,
      `Check ${proto} Host (e.g. ${setting?.protocol === "smtp" ? "smtp" : "imap"}.example.com).`,
    );
  } else if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const named = /cert's CN: (\S+)/.exec(e.reason ?? message)?.[1];
    text = say(
      "the server's certificate is for another host name",
      `the server's certificate is not for ${setting?.host ?? "this host name"}${named ? ` (it names ${named})` : ""}`,
      `Set ${proto} Host to the name on the certificate (usually the provider's host name, not an IP address).`,
    );
  } else if (selfSignedCodes.has(code)) {
    text = say(
      "the server's certificate is not trusted (self-signed)",
      `the server's certificate is self-signed or not issued by a trusted authority (${code})`,
      "Install a certificate from a trusted authority on the mail server, or give the bridge your own authority's certificate (NODE_EXTRA_CA_CERTS).",
    );
  } else if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    const what = code === "CERT_HAS_EXPIRED" ? "expired" : "not valid yet";
    text = say(
      `the server's certificate is ${what}`,
      `the server's certificate is ${what}`,
      "Renew the certificate on the mail server.",
    );
  } else if (notTlsReasons.test(e.reason ?? "") || notTlsReasons.test(message)) {
    text = say(
      "the server does not speak SSL/TLS on this port",
      `${where} does not speak SSL/TLS from the start (it answered in plain text)`,
      `Set ${proto} Security to STARTTLS (usual port ${usual.starttls}), or keep SSL/TLS and set ${proto} Port to ${usual.ssl}.`,
    );
  } else if (
    /does not support STARTTLS/i.test(message) ||
    (code === "ETLS" && e.command === "STARTTLS") ||
    /upgrading connection with STARTTLS/i.test(message)
  ) {
    text = say(
      "the server does not offer STARTTLS",
      `${where} does not offer STARTTLS`,
      `Set ${proto} Security to SSL/TLS with ${proto} Port ${usual.ssl}; use None only for a server on your own network.`,
    );
  } else if (code === "GREETING_TIMEOUT" || e.timeoutType === "GREETING_TIMEOUT") {
    text =
      security !== "ssl"
        ? say(
            "the server never greeted (it may expect SSL/TLS)",
            `${where} accepted the connection but never greeted: it probably expects SSL/TLS from the start`,
            `Set ${proto} Security to SSL/TLS${setting?.port === usual.starttls ? ` and ${proto} Port to ${usual.ssl}` : ""}.`,
          )
        : say(
            "the server never greeted",
            `${where} accepted the connection but never greeted`,
            `Check ${proto} Host and ${proto} Port.`,
          );
  } else if (
    code === "ETIMEDOUT" ||
    code === "ETIMEOUT" ||
    code === "CONNECT_TIMEOUT" ||
    e.timeoutType === "CONNECT_TIMEOUT" ||
    code === "ESOCKETTIMEDOUT"
  ) {
    text = say(
      "connection timed out",
      `connection timed out: ${where} did not answer in time`,
      `Check ${proto} Host and ${proto} Port${securityName ? ` (with ${securityName} usually ${security === "ssl" ? usual.ssl : usual.starttls})` : ""}, and that no firewall stops the bridge's machine.`,
    );
  } else if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED") {
    text = say(
      "the server closed the connection",
      `${where} closed the connection`,
      `Check ${proto} Security and ${proto} Port (${usual.ssl} with SSL/TLS, ${usual.starttls} with STARTTLS), and that the server accepts connections from the bridge's address.`,
    );
  } else if (
    code.startsWith("ERR_SSL") ||
    code.startsWith("ERR_TLS") ||
    e.library === "SSL routines" ||
    /SSL routines|ssl3_|tls_/i.test(message)
  ) {
    text = say(
      `the secure connection (TLS) failed${code ? ` (${code})` : ""}`,
      `the secure connection (TLS) to ${where} failed${code ? ` (${code})` : ""}`,
      `Check ${proto} Security and ${proto} Port: SSL/TLS on ${usual.ssl}, STARTTLS on ${usual.starttls}.`,
    );
  } else if (e.responseText || e.response) {
    // the mail server's own answer (a human-readable status line)
    text = e.responseText || e.response || "";
  } else if (e.syscall || e.errno !== undefined) {
    // a socket error we do not know: its code, never its raw text
    text = `the connection to ${where} failed (${code || e.syscall || `errno ${e.errno}`})`;
  } else {
    // the libraries' own messages ("No recipients defined"), ours ("the bridge holds no password"), and
    // texts described already
    text = message || String(err);
    // what another service on that port said (an SSH or HTTP banner, a greeting that is not a mail
    // server's) would let whoever sets host and port probe the network from the bridge: only the category
    if (/greeting|banner|SSH-\d|HTTP\/\d|[\r\n]/i.test(text))
      text = "the server did not answer as a mail server";
  }
  text = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  text = text.replace(/\s+/g, " ").trim().slice(0, 400);
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

/** The IMAP or SMTP settings of a mailbox, for describeMailError. */
export function mailSettingOf(
  mailbox: {
    imap_host: string | null;
    imap_port: number | null;
    imap_security: string | null;
    smtp_host: string | null;
    smtp_port: number | null;
    smtp_security: string | null;
  },
  protocol: "imap" | "smtp",
): MailSetting {
  return protocol === "imap"
    ? { protocol, host: mailbox.imap_host, port: mailbox.imap_port, security: mailbox.imap_security ?? "ssl" }
    : {
        protocol,
        host: mailbox.smtp_host,
        port: mailbox.smtp_port,
        security: mailbox.smtp_security ?? "starttls",
      };
}
