import { coded, formatMessage, type TCodedMessage } from "@parcours/validators";

/** A key in a request that the catalogue does not know: a client's mistake, never a 500. */
export class UnknownKeyError extends Error {
  /** The message by code, for the web to say in the reader's language. */
  readonly coded: TCodedMessage;

  constructor(
    readonly kind: "stage" | "touchpoint" | "channel" | "persona",
    readonly keys: string[],
  ) {
    const message = coded("unknownKeys", { kind, count: keys.length, keys: keys.join(", ") });
    super(formatMessage("en", message));
    this.name = "UnknownKeyError";
    this.coded = message;
  }
}

/** The catalogue lacks something a metric needs (no stages, no conversion stage). */
export class CatalogueError extends Error {
  constructor(readonly coded: TCodedMessage) {
    super(formatMessage("en", coded));
    this.name = "CatalogueError";
  }
}

/**
 * A request the data layer refuses for a reason the user can act on: the API maps `kind` to
 * an HTTP-like status. Always given by code (the server's message catalogue in
 * @parcours/validators): the message is English here, for API clients and the CLI, and the web
 * says it in the reader's language. Several problems at once are each given by code.
 */
export class DomainError extends Error {
  /** The problems, by code: one, or several found together. */
  readonly problems: readonly TCodedMessage[];

  constructor(
    readonly kind: "not_found" | "conflict" | "invalid" | "precondition",
    message: TCodedMessage | readonly [TCodedMessage, ...TCodedMessage[]],
  ) {
    const problems: readonly TCodedMessage[] = isList(message) ? message : [message];
    super(problems.map((problem) => formatMessage("en", problem)).join("; "));
    this.name = "DomainError";
    this.problems = problems;
  }
}

function isList(
  message: TCodedMessage | readonly TCodedMessage[],
): message is readonly TCodedMessage[] {
  return Array.isArray(message);
}
