import { formats as appFormats } from "@parcours/validators/formats";
import type { Formats } from "next-intl";

/** Named formats shared by server and client components (`format.number(v, "percent")`). */
export const formats = appFormats satisfies Formats;
