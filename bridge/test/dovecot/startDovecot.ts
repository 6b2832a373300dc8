import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface DovecotUser {
  user: string;
  password: string;
}

export interface RunningDovecot {
  host: string;
  port: number;
  /** With `{ tls: true }`: the implicit-TLS (IMAPS) port; the plain port then offers STARTTLS. */
  tlsPort?: number;
  users: DovecotUser[];
  dir: string;
  /** Dovecot's own log (for diagnosing a test). */
  log(): Promise<string>;
  /** Stops the server but keeps its mail (an outage); `resume()` starts it again on the same port. */
  interrupt(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Why Dovecot cannot run here, or null when it can. */
export function dovecotUnavailable(): string | null {
  try {
    execFileSync("dovecot", ["--version"], { stdio: "ignore" });
  } catch {
    return "Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it on CI): IMAP tests skipped";
  }
  if (process.getuid?.() !== 0) {
    return "Dovecot's test instance needs root (it runs its login processes as dovenull): IMAP tests skipped";
  }
  for (const u of ["dovecot", "dovenull"]) {
    try {
      execFileSync("id", [u], { stdio: "ignore" });
    } catch {
      return `the system user ${u} is missing (installed with dovecot-core): IMAP tests skipped`;
    }
  }
  return null;
}

/**
 * Dovecot is started through `setpriv --pdeathsig KILL` (util-linux) when available: the kernel then
 * kills it when the process that started it dies in any way (a killed test worker, a timeout), so no
 * test instance outlives its test run. Its own processes end when their master is gone.
 */
function dovecotCommand(args: string[]): [string, string[]] {
  try {
    execFileSync("setpriv", ["--help"], { stdio: "ignore" });
    return ["setpriv", ["--pdeathsig", "KILL", "dovecot", ...args]];
  } catch {
    return ["dovecot", args];
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = netConnect(port, "127.0.0.1");
      // a connection accepted but never greeted (a busy machine) is tried again, within the deadline
      s.setTimeout(Math.max(100, Math.min(2000, deadline - Date.now())), () => {
        s.destroy();
        resolve(false);
      });
      s.once("data", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * Starts a private Dovecot (IMAP only, plain text on loopback) with its own configuration in a
 * temporary folder, on a free port, with the given users (passwords in a passwd file; mail in
 * Maildirs owned by the `dovecot` system user, since Dovecot will not run mail processes as root).
 * No systemd: `dovecot -F -c <conf>`; `stop()` ends it and removes the folder.
 */
export async function startDovecot(
  users: DovecotUser[],
  options: { tls?: boolean } = {},
): Promise<RunningDovecot> {
  const why = dovecotUnavailable();
  if (why) throw new Error(why);
  const dir = await mkdtemp(path.join(tmpdir(), "oi-dovecot-"));
  await chmod(dir, 0o755);
  const uid = Number(execFileSync("id", ["-u", "dovecot"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "dovecot"]).toString().trim());
  const mail = path.join(dir, "mail");
  const run = path.join(dir, "run");
  await mkdir(mail, { recursive: true });
  await mkdir(run, { recursive: true });
  await chown(mail, uid, gid);
  const port = await freePort();
  // TLS (optional): a self-signed certificate made for this run, IMAPS on its own port, STARTTLS offered
  const tlsPort = options.tls ? await freePort() : undefined;
  if (options.tls) {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
  }
  await writeFile(
    path.join(dir, "users"),
    users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(""),
    { mode: 0o644 },
  );
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${run}
instance_name = oi-dovecot-${port}
state_dir = ${run}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
${options.tls ? `ssl = yes\nssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem` : "ssl = no"}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:${mail}/%u
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = ${uid}
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    ${tlsPort ? `address = 127.0.0.1\n    port = ${tlsPort}\n    ssl = yes` : "port = 0"}
  }
}
service anvil {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 50
}
`;
  const confPath = path.join(dir, "dovecot.conf");
  await writeFile(confPath, conf);
  await mkdir(path.join(run, "state"), { recursive: true });
  let child: ChildProcess | undefined;
  let launching: Promise<void> | undefined;
  const launchOnce = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return; // running already
    const [command, args] = dovecotCommand(["-F", "-c", confPath]);
    const c = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = c;
    let stderr = "";
    c.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    try {
      await waitForPort(port, c, 10_000);
    } catch (err) {
      c.kill("SIGKILL");
      const log = await readFile(path.join(dir, "dovecot.log"), "utf8").catch(() => "");
      throw new Error(`${(err as Error).message}\n${stderr}\n${log}`);
    }
  };
  // Two callers at once must not start two masters (the second one's child would be the one stopped).
  const launch = () => {
    launching ??= launchOnce().finally(() => {
      launching = undefined;
    });
    return launching;
  };
  const halt = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    // Its imap processes first (they would linger for seconds): clients see the connection drop at once.
    let children: number[] = [];
    try {
      children = execFileSync("ps", ["-o", "pid=", "--ppid", String(c.pid)])
        .toString()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      children = [];
    }
    c.kill("SIGTERM");
    for (const pid of children) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => c.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  // If the test process ends without stop() (a killed run), the server must not outlive it.
  const onExit = () => child?.kill("SIGKILL");
  process.once("exit", onExit);
  try {
    await launch();
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    host: "127.0.0.1",
    port,
    ...(tlsPort ? { tlsPort } : {}),
    users,
    dir,
    log: () => readFile(path.join(dir, "dovecot.log"), "utf8").catch(() => ""),
    interrupt: halt,
    resume: launch,
    async stop() {
      process.off("exit", onExit);
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
