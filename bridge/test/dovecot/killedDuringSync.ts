/**
 * A worker process for the crash test: it makes one pass over a mailbox (the real syncImapMailbox on
 * a real IMAP connection) and kills itself with SIGKILL right after storing the KILL_AFTER-th new
 * message, before flagging it: no logout, no cleanup, as in a power loss.
 */
import { ImapFlow } from "imapflow";
import { createSecretBox } from "../../crypto/secretBox.ts";
import { connectDatabase } from "../../db/connectDatabase.ts";
import { createLogger } from "../../log/createLogger.ts";
import { imapClientOptions } from "../../sources/imap/imapClientOptions.ts";
import { loadMailbox, mailboxPassword } from "../../sources/imap/mailboxRow.ts";
import { syncImapMailbox } from "../../sources/imap/syncImapMailbox.ts";

const handle = connectDatabase(process.env.DATABASE_URL!, { max: 2 });
const secretBox = createSecretBox(Buffer.from(process.env.CREDENTIALS_KEY!, "hex"));
const mailbox = (await loadMailbox(handle, Number(process.env.MAILBOX_ID)))!;
const killAfter = Number(process.env.KILL_AFTER ?? 3);
const client = new ImapFlow(imapClientOptions(mailbox, mailboxPassword(secretBox, mailbox)!));
client.on("error", () => {});
await client.connect();
let stored = 0;
await syncImapMailbox({
  handle,
  client,
  mailbox,
  log: createLogger({ level: "silent" }),
  limits: { maxMessageBytes: 1e6, maxAttachmentBytes: 1e6 },
  hooks: {
    afterStore() {
      stored++;
      if (stored === killAfter) process.kill(process.pid, "SIGKILL");
    },
  },
});
process.stdout.write("finished without being killed\n");
process.exit(1);
