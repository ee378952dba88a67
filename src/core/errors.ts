/**
 * The one error catalogue of jarida. Every error the product raises on purpose
 * has a stable `code`, the HTTP `status` it maps to, and `expose`: whether its
 * message is safe to show to a reader (as Fastify's `lib/errors.js` and Ghost's
 * error classes do). Anything else that escapes is an internal error: logged,
 * never shown.
 */

/** Definition of one catalogued error. */
export interface ErrorDefinition {
  /** Stable machine code, e.g. `JARIDA_NOT_FOUND`. */
  readonly code: string;
  /** HTTP status the web layers answer with. */
  readonly status: number;
  /** Whether the message may be shown to the public. */
  readonly expose: boolean;
}

/** The catalogue. Codes never change once released. */
export const ERRORS = {
  NOT_FOUND: { code: 'JARIDA_NOT_FOUND', status: 404, expose: true },
  VALIDATION: { code: 'JARIDA_VALIDATION', status: 400, expose: true },
  CONFLICT: { code: 'JARIDA_CONFLICT', status: 409, expose: true },
  /** The signed-in user's role does not allow the action (see `content/roles.ts`). */
  FORBIDDEN: { code: 'JARIDA_FORBIDDEN', status: 403, expose: true },
  /** No signed-in user (no session, an expired one, or a deactivated account). */
  UNAUTHENTICATED: { code: 'JARIDA_UNAUTHENTICATED', status: 401, expose: true },
  /** A state-changing request without a valid CSRF token. */
  CSRF: { code: 'JARIDA_CSRF', status: 403, expose: true },
  /** Too many attempts (wrong passwords for one account, or requests from one address). */
  RATE_LIMITED: { code: 'JARIDA_RATE_LIMITED', status: 429, expose: true },
  /** An upload that is not a JPEG, PNG, WebP, AVIF or GIF image by its bytes (see `media/images.ts`). */
  MEDIA_UNSUPPORTED: { code: 'JARIDA_MEDIA_UNSUPPORTED', status: 415, expose: true },
  /** An upload over the size limit in bytes, or an image over the pixel limit. */
  MEDIA_TOO_LARGE: { code: 'JARIDA_MEDIA_TOO_LARGE', status: 413, expose: true },
  /** An image of an accepted format that cannot be decoded (truncated, corrupt). */
  MEDIA_UNREADABLE: { code: 'JARIDA_MEDIA_UNREADABLE', status: 422, expose: true },
  /** A feed that is neither RSS, RDF, Atom nor JSON Feed, or has no items to read. */
  FEED_UNREADABLE: { code: 'JARIDA_FEED_UNREADABLE', status: 422, expose: true },
  /** A fetch refused before connecting: a private, loopback or link-local address not allowed by `fetch.allowPrivateAddresses`, or a non-http(s) URL. */
  FETCH_REFUSED: { code: 'JARIDA_FETCH_REFUSED', status: 400, expose: true },
  /** A fetch that failed: timeout, too large, too many redirects, network error or an HTTP error status. */
  FETCH_FAILED: { code: 'JARIDA_FETCH_FAILED', status: 502, expose: true },
  CONFIG_INVALID: { code: 'JARIDA_CONFIG_INVALID', status: 500, expose: false },
  IMPORT_RECORD_INVALID: { code: 'JARIDA_IMPORT_RECORD_INVALID', status: 400, expose: true },
  IMPORT_FILE_UNREADABLE: { code: 'JARIDA_IMPORT_FILE_UNREADABLE', status: 400, expose: true },
  /**
   * An XML document (WXR export, feed) with a DOCTYPE that declares entities or names an external DTD:
   * refused before any entity is expanded (billion laughs, XXE). Shared by every XML reader.
   */
  UNSAFE_XML: { code: 'JARIDA_UNSAFE_XML', status: 400, expose: true },
  STORE_UNAVAILABLE: { code: 'JARIDA_STORE_UNAVAILABLE', status: 503, expose: false },
  STARTUP_FAILED: { code: 'JARIDA_STARTUP_FAILED', status: 500, expose: false },
  INTERNAL: { code: 'JARIDA_INTERNAL', status: 500, expose: false },
} as const satisfies Record<string, ErrorDefinition>;

/** Kinds whose message is meant for the operator at the command line (never for readers). */
export const OPERATOR_ERRORS: readonly ErrorKind[] = ['CONFIG_INVALID', 'STORE_UNAVAILABLE', 'STARTUP_FAILED'];

/** Key of an entry in {@link ERRORS}. */
export type ErrorKind = keyof typeof ERRORS;

/**
 * An error from the catalogue. `details` carries structured context (field
 * names, paths, line numbers) for logs and reports.
 */
export class JaridaError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(kind: ErrorKind, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    const def = ERRORS[kind];
    this.name = 'JaridaError';
    this.kind = kind;
    this.code = def.code;
    this.status = def.status;
    this.expose = def.expose;
    this.details = Object.freeze({ ...details });
  }
}

/** True when `err` is a {@link JaridaError} of the given kind (or any kind). */
export function isJaridaError(err: unknown, kind?: ErrorKind): err is JaridaError {
  return err instanceof JaridaError && (kind === undefined || err.kind === kind);
}

/** Shorthand for a 404 {@link JaridaError}. */
export function notFound(message: string, details?: Record<string, unknown>): JaridaError {
  return new JaridaError('NOT_FOUND', message, details);
}

/** Shorthand for a 400 validation {@link JaridaError}. */
export function invalid(message: string, details?: Record<string, unknown>): JaridaError {
  return new JaridaError('VALIDATION', message, details);
}

/** Shorthand for a 403 {@link JaridaError}: the actor's role does not allow the action. */
export function forbidden(message: string, details?: Record<string, unknown>): JaridaError {
  return new JaridaError('FORBIDDEN', message, details);
}
