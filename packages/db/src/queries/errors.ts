import { formatMessage, type TCodedMessage } from "@parcours/validators";

/** A key in a request that the catalogue does not know: a client's mistake, never a 500. */
export class UnknownKeyError extends Error {
  constructor(
    readonly kind: "stage" | "touchpoint" | "channel" | "persona",
    readonly keys: string[],
  ) {
    super(`unknown ${kind}${keys.length > 1 ? "s" : ""}: ${keys.join(", ")}`);
    this.name = "UnknownKeyError";
  }
}

/** The catalogue lacks something a metric needs (no stages, no conversion stage). */
export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogueError";
  }
}

/**
 * A request the data layer refuses for a reason the user can act on: the API maps `kind` to
 * an HTTP-like status and shows the message as is. Given by its code (the server's message
 * catalogue in @parcours/validators), the message is English here and the web shows it in the
 * reader's language.
 */
export class DomainError extends Error {
  /** The message's code and parameters, when it was given by code. */
  readonly coded: TCodedMessage | null;

  constructor(
    readonly kind: "not_found" | "conflict" | "invalid" | "precondition",
    message: string | TCodedMessage,
  ) {
    super(typeof message === "string" ? message : formatMessage("en", message));
    this.name = "DomainError";
    this.coded = typeof message === "string" ? null : message;
  }
}
