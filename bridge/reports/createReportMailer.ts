import nodemailer from "nodemailer";

export interface MailToSend {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  messageId: string;
  attachments: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface ReportMailer {
  send(mail: MailToSend): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

/**
 * A nodemailer SMTP transport for reports, from `REPORTS_SMTP_URL` (`smtp://user:pass@host:587`,
 * `smtps://...:465`). Kept to this small factory so the mailbox sending of P6 can replace it.
 */
export function createReportMailer(smtpUrl: string): ReportMailer {
  // nodemailer's own logger stays off: it would print the protocol, credentials included
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    logger: false,
    debug: false,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        attachments: mail.attachments,
      });
      return {
        messageId: info.messageId,
        accepted: (info.accepted as Array<string | { address: string }>).map((a) =>
          typeof a === "string" ? a : a.address,
        ),
      };
    },
    close: () => transport.close(),
  };
}
