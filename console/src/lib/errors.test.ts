import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, parseApiError } from './errors';

describe('parseApiError', () => {
  it('keeps the server message and field of the kc-edu error body', () => {
    const e = parseApiError(403, 'Forbidden', '{"error":"forbidden","field":"domainId","message":"Domain outside your scope"}');
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(403);
    expect(e.error).toBe('forbidden');
    expect(e.field).toBe('domainId');
    expect(errorMessage(e)).toBe('Domain outside your scope (domainId)');
  });

  it('reads Keycloak OAuth style bodies', () => {
    expect(parseApiError(401, '', '{"error":"invalid_token","error_description":"Token expired"}').message).toBe('Token expired');
  });

  it('never gives an empty message for HTML or empty bodies', () => {
    expect(parseApiError(502, 'Bad Gateway', '<html>oops</html>').message).toBe('HTTP 502 Bad Gateway');
    expect(parseApiError(404, '', '').error).toBe('not_found');
    expect(parseApiError(500, '', 'plain failure').message).toBe('plain failure');
  });
});
