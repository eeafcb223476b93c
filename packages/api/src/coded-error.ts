import { formatMessage, type TCodedMessage } from "@parcours/validators";
import { TRPCError } from "@trpc/server";

type TErrorCode = ConstructorParameters<typeof TRPCError>[0]["code"];

/**
 * A refusal given by code (the server's message catalogue in @parcours/validators): its
 * `message` is the English, for API clients and the CLI; the error formatter sends the code
 * beside it (`data.coded`) and the web says it in the reader's language.
 */
export class CodedTRPCError extends TRPCError {
  readonly coded: TCodedMessage;

  constructor(options: { code: TErrorCode; message: TCodedMessage; cause?: unknown }) {
    super({
      code: options.code,
      message: formatMessage("en", options.message),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.coded = options.message;
  }
}
