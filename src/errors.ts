/**
 * Fatal problems stop a run. Each carries a stable code, the exit code of SPEC section 5 and
 * plain-text message; renderers add colour. Anything that is not a CliError is a bug (exit 70).
 */

export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Changes: 2,
  Remote: 3,
  Usage: 4,
  StalePlan: 5,
  Refused: 6,
  Internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export class CliError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly meta: Record<string, JsonValue>;

  constructor(
    code: string,
    message: string,
    exitCode: ExitCode,
    options: { hint?: string; meta?: Record<string, JsonValue>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.meta = options.meta ?? {};
  }
}

/** Bad flags, bad configuration, missing credentials, unknown target: exit 4. */
export class UsageError extends CliError {
  constructor(code: string, message: string, options: { hint?: string; meta?: Record<string, JsonValue> } = {}) {
    super(code, message, ExitCode.Usage, options);
  }
}

/** An expected failure that is not about usage (unreadable file, tests failed...): exit 1. */
export class FailureError extends CliError {
  constructor(code: string, message: string, options: { hint?: string; meta?: Record<string, JsonValue>; cause?: unknown } = {}) {
    super(code, message, ExitCode.Failure, options);
  }
}

/** The Signals API was unreachable or answered with an error after retries: exit 3. */
export class RemoteError extends CliError {
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { status?: number; retryable?: boolean; hint?: string; meta?: Record<string, JsonValue>; cause?: unknown } = {},
  ) {
    super(code, message, ExitCode.Remote, options);
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }
}

/** A saved plan no longer matches the remote: exit 5. */
export class StalePlanError extends CliError {
  constructor(message: string, options: { hint?: string; meta?: Record<string, JsonValue> } = {}) {
    super('stale-plan', message, ExitCode.StalePlan, options);
  }
}

/** Confirmation needed without a TTY, or deletions without --allow-deletes: exit 6. */
export class RefusedError extends CliError {
  constructor(code: string, message: string, options: { hint?: string; meta?: Record<string, JsonValue> } = {}) {
    super(code, message, ExitCode.Refused, options);
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
