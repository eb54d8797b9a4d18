/** A refusal or failure of the kc-edu API, carrying the server's {"error","field","message"}. */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly field?: string;

  constructor(status: number, error: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
    this.field = field;
  }
}

const STATUS_ERRORS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'too_many_requests',
};

/**
 * Reads the server's error body. kc-edu answers JSON {"error","field","message"}; a proxy or Keycloak itself may
 * answer HTML or plain text, which must still become a readable message rather than a blank page.
 */
export function parseApiError(status: number, statusText: string, body: string): ApiError {
  const fallbackCode = STATUS_ERRORS[status] ?? (status >= 500 ? 'server_error' : 'error');
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed) as Record<string, unknown>;
      const code = typeof json.error === 'string' ? json.error : fallbackCode;
      const message =
        (typeof json.message === 'string' && json.message) ||
        (typeof json.error_description === 'string' && json.error_description) ||
        (typeof json.errorMessage === 'string' && json.errorMessage) ||
        code;
      const field = typeof json.field === 'string' && json.field ? json.field : undefined;
      return new ApiError(status, code, message, field);
    } catch {
      // not JSON after all: fall through to the text form
    }
  }
  const text = trimmed && !trimmed.startsWith('<') ? trimmed.slice(0, 300) : '';
  return new ApiError(status, fallbackCode, text || `HTTP ${status}${statusText ? ' ' + statusText : ''}`);
}

/** Any thrown value as a message for an alert. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.field ? `${e.message} (${e.field})` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * Splits a refusal between a form's fields: the message goes to the field the server named when the form shows that
 * field (so it appears under it), otherwise to the form's alert. `aliases` maps other names the server may give for
 * a shown field (e.g. the directory's `domainId` for a form's `domainIdentifier`).
 */
export function fieldErrors(e: unknown, fields: readonly string[], aliases: Record<string, string> = {}): { byField: Record<string, string>; rest?: unknown } {
  if (e instanceof ApiError && e.field && (e.status === 400 || e.status === 409)) {
    const field = fields.includes(e.field) ? e.field : aliases[e.field];
    if (field && fields.includes(field)) return { byField: { [field]: e.message } };
  }
  return { byField: {}, rest: e };
}
