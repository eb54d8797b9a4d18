// Pure helpers of the self-registration screen (/self-registration/rules, /self-registration/settings).

export interface Rule {
  id?: string;
  emailDomain: string;
  includeSubdomains?: boolean;
  role: string;
  domainType: string;
  domainIdentifier: string;
  subject?: string | null;
  createdAt?: string;
}

export interface Settings {
  linkLifetimeSeconds?: number;
  requestsPerAddressPerHour?: number;
  requestsPerIpPerHour?: number;
}

/** The fields of the rule form, named as the API names them (so a 400/409 `field` lands under its input). */
export const RULE_FIELDS = ['emailDomain', 'includeSubdomains', 'role', 'domainType', 'domainIdentifier', 'subject'] as const;
/** Names the directory gives when it resolves a rule's assignment (as for a grant), mapped to the rule form's. */
export const RULE_FIELD_ALIASES: Record<string, string> = { domainId: 'domainIdentifier', roleId: 'role', subjectId: 'subject' };
export const SETTINGS_FIELDS = ['linkLifetimeSeconds', 'requestsPerAddressPerHour', 'requestsPerIpPerHour'] as const;

/**
 * The body of POST (new rule) or PUT (edit): trimmed; an empty subject is left out; an edit does not send the e-mail
 * domain, which the API does not let change.
 */
export function ruleBody(form: Rule, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    includeSubdomains: form.includeSubdomains === true,
    role: form.role.trim(),
    domainType: form.domainType.trim(),
    domainIdentifier: form.domainIdentifier.trim(),
  };
  if (!editing) body.emailDomain = form.emailDomain.trim();
  const subject = (form.subject ?? '').trim();
  if (subject) body.subject = subject;
  return body;
}

/** Form text of the settings as numbers; a field left empty is not sent (the API changes only the fields given). */
export function settingsBody(form: Record<string, string>): Record<string, number | string> {
  const body: Record<string, number | string> = {};
  for (const k of SETTINGS_FIELDS) {
    const v = (form[k] ?? '').trim();
    if (v === '') continue;
    // anything but a whole number goes as typed, so the server's 400 names the field
    body[k] = /^\d+$/.test(v) ? Number(v) : v;
  }
  return body;
}

/** An e-mail domain as the API compares it: trimmed, lower case, without a trailing dot. */
export function normaliseEmailDomain(d: string): string {
  return d.trim().toLowerCase().replace(/\.+$/, '');
}

/** A lifetime in seconds in words the user reads (hours or minutes when whole), e.g. 86400 → "24 h". */
export function lifetimeLabel(seconds?: number): string {
  if (seconds === undefined || seconds === null) return '';
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Which addresses a rule admits, e.g. "@allowed.edu" or "@allowed.edu and @*.allowed.edu". */
export function rulePattern(r: Pick<Rule, 'emailDomain' | 'includeSubdomains'>): string[] {
  return r.includeSubdomains ? ['@' + r.emailDomain, '@*.' + r.emailDomain] : ['@' + r.emailDomain];
}
