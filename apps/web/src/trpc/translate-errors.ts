import type { AppRouter } from "@parcours/api";
import {
  asCodedMessage,
  formatMessage,
  type TCodedMessage,
  type TMessageLocale,
} from "@parcours/validators";
import { TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";

interface TIssue {
  path: (string | number)[];
  message: TCodedMessage;
}

function issuesOf(data: unknown): TIssue[] | null {
  if (data === null || typeof data !== "object" || !("issues" in data)) return null;
  if (!Array.isArray(data.issues)) return null;
  const issues: TIssue[] = [];
  for (const issue of data.issues as unknown[]) {
    if (issue === null || typeof issue !== "object") return null;
    const message = "message" in issue ? asCodedMessage(issue.message) : null;
    const path = "path" in issue && Array.isArray(issue.path) ? issue.path : null;
    if (!message || !path) return null;
    issues.push({
      message,
      path: path.filter((p) => typeof p === "string" || typeof p === "number"),
    });
  }
  return issues;
}

/**
 * The error in the reader's language: the server sends each message's code with its English
 * text (`data.coded`, or `data.issues` for invalid input, field by field); this formats them
 * from the same catalogue, @parcours/validators' messages, so forms, toasts and sections show
 * them as they are without knowing about languages. An error without codes passes unchanged.
 */
export function translateError<T extends TRPCClientError<AppRouter>>(
  error: T,
  locale: TMessageLocale,
): T | TRPCClientError<AppRouter> {
  const shape = error.shape as { message?: unknown; data?: unknown } | undefined;
  const data = error.data as Record<string, unknown> | null | undefined;
  if (!shape || !data) return error;
  const coded = asCodedMessage(data.coded);
  const issues = issuesOf(data);
  if (!coded && !issues) return error;
  let message: string;
  let zodError = data.zodError;
  if (issues) {
    const say = (issue: TIssue) => formatMessage(locale, issue.message);
    const colon = locale === "fr" ? "\u00a0:" : ":";
    message = issues
      .map((issue) =>
        issue.path.length > 0 ? `${issue.path.join(".")}${colon} ${say(issue)}` : say(issue),
      )
      .join(locale === "fr" ? "\u202f; " : "; ");
    const fieldErrors: Record<string, string[]> = {};
    const formErrors: string[] = [];
    for (const issue of issues) {
      const field = issue.path[0];
      if (field === undefined) formErrors.push(say(issue));
      else fieldErrors[String(field)] = [...(fieldErrors[String(field)] ?? []), say(issue)];
    }
    zodError = { formErrors, fieldErrors };
  } else {
    // Checked above: one of the two is set.
    message = formatMessage(locale, coded as TCodedMessage);
  }
  return TRPCClientError.from<AppRouter>(
    { error: { ...shape, message, data: { ...data, zodError } } },
    error.meta ? { meta: error.meta } : {},
  );
}

/** A link that hands every error on in the reader's language (`locale()` is read per error). */
export function translateErrorsLink(locale: () => TMessageLocale): TRPCLink<AppRouter> {
  return () =>
    ({ next, op }) =>
      observable((observer) =>
        next(op).subscribe({
          next: (value) => observer.next(value),
          error: (error) => observer.error(translateError(error, locale())),
          complete: () => observer.complete(),
        }),
      );
}
