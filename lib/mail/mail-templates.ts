/*
 * Every mail Berth sends, in one place. Each template says what the mail is (a title, paragraphs,
 * facts, one button); renderMail lays that out once as plain text and as HTML, so the two never
 * disagree and every mail carries its sender's brand.
 */

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

interface MailParts {
  subject: string;
  greeting: string;
  paragraphs: string[];
  facts?: Array<[label: string, value: string]>;
  action?: { label: string; url: string };
  /** Said after the button (how long a link works). */
  after?: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function renderMail(brand: string, parts: MailParts): MailContent {
  const text = [
    parts.greeting,
    "",
    ...parts.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(parts.facts?.length ? [...parts.facts.map(([label, value]) => `${label}: ${value}`), ""] : []),
    ...(parts.action ? [`${parts.action.label}: ${parts.action.url}`, ""] : []),
    ...(parts.after ? [parts.after, ""] : []),
    `-- ${brand}`,
  ].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:560px">`,
    `<p>${escapeHtml(parts.greeting)}</p>`,
    ...parts.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    parts.facts?.length
      ? `<table cellpadding="4">${parts.facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td><code>${escapeHtml(value)}</code></td></tr>`).join("")}</table>`
      : "",
    parts.action
      ? `<p><a href="${escapeHtml(parts.action.url)}" style="background:#4f46e5;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none">${escapeHtml(parts.action.label)}</a></p><p style="font-size:12px;color:#64748b">${escapeHtml(parts.action.url)}</p>`
      : "",
    parts.after ? `<p>${escapeHtml(parts.after)}</p>` : "",
    `<p style="color:#64748b">${escapeHtml(brand)}</p></body></html>`,
  ].join("");
  return { subject: parts.subject, text, html };
}

const greeting = (name: string) => `Hello ${name},`;
const hours = (seconds: number) => (seconds >= 7200 ? `${Math.round(seconds / 3600)} hours` : seconds >= 3600 ? "1 hour" : `${Math.round(seconds / 60)} minutes`);

export interface MailServer {
  hostname: string;
  ipv4: string | null;
  ipv6: string | null;
  ipv6Prefix: string | null;
  image: string | null;
  hostKeys: Array<{ type: string; fingerprint: string }>;
}

export const mailTemplates = {
  welcome: (brand: string, input: { name: string; email: string; url: string; validSeconds: number }) =>
    renderMail(brand, {
      subject: `Welcome to ${brand}: set your password`,
      greeting: greeting(input.name),
      paragraphs: [`An account at ${brand} has been made for you (${input.email}). Choose your password to sign in and manage your servers.`],
      action: { label: "Set your password", url: input.url },
      after: `The link works once, for ${hours(input.validSeconds)}. After that, use "Forgot your password?" on the sign-in page.`,
    }),
  password_reset: (brand: string, input: { name: string; url: string; validSeconds: number }) =>
    renderMail(brand, {
      subject: `Reset your ${brand} password`,
      greeting: greeting(input.name),
      paragraphs: ["Someone (we hope you) asked to reset the password of your account. If it was not you, ignore this mail: your password stays as it is."],
      action: { label: "Choose a new password", url: input.url },
      after: `The link works once, for ${hours(input.validSeconds)}.`,
    }),
  server_ready: (brand: string, input: { name: string; server: MailServer; url: string }) => {
    const { server } = input;
    const address = server.ipv4 ?? server.ipv6;
    return renderMail(brand, {
      subject: `Your server ${server.hostname} is ready`,
      greeting: greeting(input.name),
      paragraphs: [
        `${server.hostname} is set up and running.`,
        address
          ? `Log in with SSH as root using the key or password you gave with the order: ssh root@${address}. Check that the host key your SSH client shows is one of the fingerprints below.`
          : "Open it in the control panel to use its console.",
      ],
      facts: [
        ...(server.ipv4 ? [["IPv4", server.ipv4] as [string, string]] : []),
        ...(server.ipv6 ? [["IPv6", server.ipv6] as [string, string]] : []),
        ...(server.ipv6Prefix ? [["IPv6 prefix", server.ipv6Prefix] as [string, string]] : []),
        ...(server.image ? [["Image", server.image] as [string, string]] : []),
        ...server.hostKeys.map(({ type, fingerprint }) => [`Host key (${type})`, fingerprint] as [string, string]),
      ],
      action: { label: "Open it in the control panel", url: input.url },
    });
  },
  server_suspended: (brand: string, input: { name: string; hostname: string; reason: string | null; url: string }) =>
    renderMail(brand, {
      subject: `Your server ${input.hostname} has been suspended`,
      greeting: greeting(input.name),
      paragraphs: [`${input.hostname} has been suspended: it is frozen and cut off from the network, and its data is kept.`, `Reason: ${input.reason ?? "none given"}.`, `Contact ${brand} to have it restored.`],
      action: { label: "See it in the control panel", url: input.url },
    }),
  server_unsuspended: (brand: string, input: { name: string; hostname: string; url: string }) =>
    renderMail(brand, {
      subject: `Your server ${input.hostname} is no longer suspended`,
      greeting: greeting(input.name),
      paragraphs: [`The suspension of ${input.hostname} has been lifted; it is back as it was before.`],
      action: { label: "Open it in the control panel", url: input.url },
    }),
  server_terminated: (brand: string, input: { name: string; hostname: string }) =>
    renderMail(brand, {
      subject: `Your server ${input.hostname} has been terminated`,
      greeting: greeting(input.name),
      paragraphs: [`${input.hostname} has been terminated: its disk has been destroyed and its addresses released. This cannot be undone.`],
    }),
  transfer_nearly_used: (brand: string, input: { name: string; hostname: string; percent: number; used: string; allowance: string; then: string; url: string }) =>
    renderMail(brand, {
      subject: `${input.hostname} has used ${input.percent} % of its monthly transfer`,
      greeting: greeting(input.name),
      paragraphs: [`${input.hostname} has used ${input.used} of its ${input.allowance} monthly transfer allowance.`, `Once all of it is used, ${input.then} until the month ends.`],
      action: { label: "See its usage", url: input.url },
    }),
  transfer_used: (brand: string, input: { name: string; hostname: string; allowance: string; then: string; url: string }) =>
    renderMail(brand, {
      subject: `${input.hostname} has used its monthly transfer allowance`,
      greeting: greeting(input.name),
      paragraphs: [`${input.hostname} has used all of its ${input.allowance} monthly transfer allowance, so ${input.then} until the month ends.`],
      action: { label: "See its usage", url: input.url },
    }),
};

export type MailKind = keyof typeof mailTemplates;
