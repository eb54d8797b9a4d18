import { describe, expect, it } from 'vitest';
import { fieldErrors, ApiError } from './errors';
import { lifetimeLabel, normaliseEmailDomain, RULE_FIELD_ALIASES, RULE_FIELDS, ruleBody, rulePattern, settingsBody } from './selfRegistration';

describe('self-registration', () => {
  const form = { emailDomain: ' allowed.edu ', includeSubdomains: true, role: ' Classroom Teacher', domainType: 'SCHOOL', domainIdentifier: ' 990000100011 ', subject: '' };

  it('creates with the e-mail domain, edits without it, and leaves an empty subject out', () => {
    expect(ruleBody(form, false)).toEqual({ emailDomain: 'allowed.edu', includeSubdomains: true, role: 'Classroom Teacher', domainType: 'SCHOOL', domainIdentifier: '990000100011' });
    expect(ruleBody({ ...form, subject: 'MATH', includeSubdomains: undefined }, true)).toEqual({ includeSubdomains: false, role: 'Classroom Teacher', domainType: 'SCHOOL', domainIdentifier: '990000100011', subject: 'MATH' });
  });

  it('sends only the settings given, numbers as numbers and anything else as typed (for the server to name)', () => {
    expect(settingsBody({ linkLifetimeSeconds: '3600', requestsPerAddressPerHour: '', requestsPerIpPerHour: ' 12 ' })).toEqual({ linkLifetimeSeconds: 3600, requestsPerIpPerHour: 12 });
    expect(settingsBody({ linkLifetimeSeconds: '1.5' })).toEqual({ linkLifetimeSeconds: '1.5' });
  });

  it('normalises an e-mail domain as the API compares it', () => {
    expect(normaliseEmailDomain(' Allowed.EDU. ')).toBe('allowed.edu');
    expect(normaliseEmailDomain('')).toBe('');
  });

  it('words lifetimes and patterns', () => {
    expect(lifetimeLabel(86400)).toBe('24 h');
    expect(lifetimeLabel(90 * 60)).toBe('90 min');
    expect(lifetimeLabel(59)).toBe('59 s');
    expect(lifetimeLabel(undefined)).toBe('');
    expect(rulePattern({ emailDomain: 'allowed.edu', includeSubdomains: false })).toEqual(['@allowed.edu']);
    expect(rulePattern({ emailDomain: 'allowed.edu', includeSubdomains: true })).toEqual(['@allowed.edu', '@*.allowed.edu']);
  });

  it('puts a 400 or 409 under the field it names, anything else in the alert', () => {
    const dup = new ApiError(409, 'conflict', 'A rule for allowed.edu already exists', 'emailDomain');
    expect(fieldErrors(dup, RULE_FIELDS)).toEqual({ byField: { emailDomain: 'A rule for allowed.edu already exists' } });
    const body = new ApiError(400, 'invalid_request', 'Unknown field x', 'x');
    expect(fieldErrors(body, RULE_FIELDS)).toEqual({ byField: {}, rest: body });
    const denied = new ApiError(403, 'forbidden', 'Only realm administrators', 'role');
    expect(fieldErrors(denied, RULE_FIELDS).rest).toBe(denied);
    expect(fieldErrors(undefined, RULE_FIELDS)).toEqual({ byField: {}, rest: undefined });
    // the directory names the domain it could not resolve domainId: it belongs under the identifier
    const school = new ApiError(400, 'invalid_request', 'Unknown domain SCHOOL:X', 'domainId');
    expect(fieldErrors(school, RULE_FIELDS, RULE_FIELD_ALIASES)).toEqual({ byField: { domainIdentifier: 'Unknown domain SCHOOL:X' } });
    expect(fieldErrors(school, RULE_FIELDS).rest).toBe(school);
  });
});
