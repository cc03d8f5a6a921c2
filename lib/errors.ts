// One error type for expected failures, one code → HTTP status table (dub's AppError pattern).
// Infrastructure failures stay ordinary exceptions.
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly pointer?: string;
  /** Per-field messages for forms: field name → message. */
  readonly fields?: Record<string, string>;

  constructor(options: { code: ErrorCode; message: string; pointer?: string; fields?: Record<string, string> }) {
    super(options.message);
    this.name = "AppError";
    this.code = options.code;
    this.pointer = options.pointer;
    this.fields = options.fields;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.pointer ? { pointer: this.pointer } : {}) } };
  }
}

export const notFound = (what = "Not found") => new AppError({ code: "not_found", message: what });
