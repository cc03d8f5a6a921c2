// The mails Warden sends. Each has a plain-text and an HTML part; links carry single-use tokens
// and appear only in the body, never in the subject (subjects end up in logs and previews).

export type MailContent = { subject: string; text: string; html: string };

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function compose(subject: string, paragraphs: string[], action?: { label: string; url: string }, footer?: string): MailContent {
  const textParts = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), ...(footer ? [footer] : [])];
  const htmlParts = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(action ? [`<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`, `<p style="color:#666">${escapeHtml(action.url)}</p>`] : []),
    ...(footer ? [`<p style="color:#666">${escapeHtml(footer)}</p>`] : []),
  ];
  return {
    subject,
    text: `${textParts.join("\n\n")}\n\n— Warden\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif">${htmlParts.join("")}<p>— Warden</p></body></html>`,
  };
}

export function verifyEmailMail(input: { name: string; url: string; hours: number }): MailContent {
  return compose(
    "Verify your email address for Warden",
    [`Hello ${input.name},`, "Open this link to confirm that this address is yours. Until then you can sign in, but not invite people or create API keys."],
    { label: "Verify my email address", url: input.url },
    `The link works once and expires in ${input.hours} hours. If you did not create a Warden account, ignore this mail.`,
  );
}

export function resetPasswordMail(input: { url: string; minutes: number }): MailContent {
  return compose(
    "Reset your Warden password",
    ["Someone (we hope you) asked to reset the password of the Warden account for this address.", "Setting a new password signs out every other session."],
    { label: "Choose a new password", url: input.url },
    `The link works once and expires in ${input.minutes} minutes. If you did not ask for this, ignore this mail: your password stays as it is.`,
  );
}

export function invitationMail(input: { orgName: string; role: string; inviter: string; url: string; expiresAt: Date }): MailContent {
  return compose(
    `${input.inviter} invited you to ${input.orgName} on Warden`,
    [`${input.inviter} invited you to join the organization ${input.orgName} on Warden as ${input.role}.`],
    { label: "Accept the invitation", url: input.url },
    `The link works once and expires on ${input.expiresAt.toUTCString()}.`,
  );
}

export type SecurityEvent = "password_changed" | "password_reset" | "new_sign_in";

const securityLines: Record<SecurityEvent, { subject: string; line: string }> = {
  password_changed: { subject: "Your Warden password was changed", line: "The password of your Warden account was changed, and your other sessions were signed out." },
  password_reset: { subject: "Your Warden password was reset", line: "The password of your Warden account was reset with a link sent to this address, and every session was signed out." },
  new_sign_in: { subject: "New sign-in to your Warden account", line: "Someone signed in to your Warden account from a browser or address it has not used in the last 30 days." },
};

/** One line of what the client said about itself: printable characters only, cut short. */
const clientLine = (value: string) => value.replace(/[^\x20-\x7e]/g, "").slice(0, 160);

export function securityNoticeMail(input: { event: SecurityEvent; at: Date; appUrl: string; ip?: string; userAgent?: string }): MailContent {
  const { subject, line } = securityLines[input.event];
  const from = [
    ...(input.ip ? [`From the address: ${clientLine(input.ip)}.`] : []),
    ...(input.userAgent ? [`Browser or app: ${clientLine(input.userAgent)}.`] : []),
  ];
  return compose(
    subject,
    [line, `When: ${input.at.toUTCString()}.`, ...from, "If this was not you, reset your password now."],
    { label: "Reset my password", url: `${input.appUrl}/forgot-password` },
  );
}

export function approvalWaitingMail(input: { orgName: string; toolName: string; agent: string; url: string; expiresAt: Date; details?: string[] }): MailContent {
  return compose(
    `An approval is waiting in ${input.orgName}`,
    [
      `${input.agent} wants to call ${input.toolName}, and a policy asks a person to approve it first.`,
      ...(input.details ?? []),
      `It waits until ${input.expiresAt.toUTCString()}; after that the call is refused. Sign in to decide.`,
    ],
    { label: "Review the call", url: input.url },
    "You get this because you are an admin or owner of the organization. Turn these mails off on your profile page.",
  );
}
