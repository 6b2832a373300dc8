import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

export interface RunningSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Authentication attempts (user names only). */
  logins: Array<{ user: string; ok: boolean }>;
  /** Answer MAIL FROM with this error (e.g. a 421 throttling answer) until cleared. */
  failMailFrom(error: { code: number; message: string } | null): void;
  stop(): Promise<void>;
}

/** A real SMTP server (smtp-server) on loopback, plain text with AUTH, keeping what it receives. */
export async function startSmtpServer(
  users: Array<{ user: string; password: string }>,
): Promise<RunningSmtpServer> {
  const received: ReceivedMail[] = [];
  const logins: Array<{ user: string; ok: boolean }> = [];
  let mailFromError: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    // stop() gives a client's idle connection 2 s, not the default 30 s, before closing it
    closeTimeout: 2000,
    onAuth(auth, _session, cb) {
      const ok = users.some((u) => u.user === auth.username && u.password === auth.password);
      logins.push({ user: auth.username ?? "", ok });
      if (!ok) {
        cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
        return;
      }
      cb(null, { user: auth.username });
    },
    onMailFrom(_address, _session, cb) {
      if (mailFromError) {
        cb(Object.assign(new Error(mailFromError.message), { responseCode: mailFromError.code }));
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const a = server.server.address();
      resolve(typeof a === "object" && a ? a.port : 0);
    });
  });
  return {
    port,
    received,
    logins,
    failMailFrom(error) {
      mailFromError = error;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
