import { IntlMessageFormat } from "intl-messageformat";
import type { z } from "zod";

/**
 * What the server says to people, in every language the app speaks: the one place its words
 * live. The server answers with a code and its parameters (`TCodedMessage`) and, for API
 * clients and the CLI, the English text formatted from this catalogue; the web formats the same
 * code in the reader's language. A stored message (an upload's rejections) keeps its code, so a
 * French admin reads in French what an English one uploaded. ICU message syntax, as the web's
 * own catalogue (apps/web/messages).
 */
const EN = {
  // Any field, by zod's issue code (the field's label says which value it is).
  required: "is required",
  invalidType:
    "must be {expected, select, string {text} number {a number} int {a whole number} boolean {true or false} array {a list} object {an object} date {a date} other {{expected}}}",
  empty: "cannot be empty",
  tooShort: "must have at least {minimum, plural, one {# character} other {# characters}}",
  tooLong: "has at most {maximum, plural, one {# character} other {# characters}}",
  tooSmall: "must be at least {minimum, number}",
  tooSmallExclusive: "must be more than {minimum, number}",
  tooBig: "must be at most {maximum, number}",
  tooBigExclusive: "must be less than {maximum, number}",
  tooFewItems: "needs at least {minimum, plural, one {# item} other {# items}}",
  tooManyItems: "has at most {maximum, plural, one {# item} other {# items}}",
  invalidEmail: "must be a valid email address",
  invalidColour: "must be a colour such as #2563eb",
  invalidKey: "must be a lower-case key (a-z, 0-9, _ or -, at most 63)",
  invalidFormat: "is not in the expected format",
  invalidValue: "must be one of: {values}",
  invalid: "is not valid",
  // Text that cannot be stored.
  textNul: "must not contain the NUL character (\\u0000)",
  textSurrogate: "must be valid Unicode text (it holds half of a surrogate pair)",
  // Dates and periods.
  dateOutOfRange: "must be between {min} and {max}",
  notRealDate: "is not a real date",
  fromBeforeTo: "from must be before to",
  periodTooLong: "a period covers at most {max} days (about 10 years)",
  id: "must be an id, a whole number from 1 to {max}",
  // Forms.
  conditionNeedsValue: "condition {position} ({attribute}) needs a value",
  userEmailTaken: "a user with the email {email} already exists",
  lastAdmin:
    "{action, select, disable {cannot disable} other {cannot change the role}}: this is the last admin; make another user admin first",
  cannotDisableSelf: "you cannot disable your own account",
  personaNameTaken: "another persona is already named {name}",
  personaNameArchived:
    "an archived persona is already named {name}: restore it, or choose another name",
  keyNameLength: "a key's name has 1 to 100 characters",
  viewNotOwner: "only the view's owner (or an admin) can change it",
  expiryInPast: "the expiry must be in the future",
  // Events: an upload's or an import's rejected rows.
  isoDateTime: "must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T10:15:00Z",
  notRealDateTime: "is not a real date-time",
  inTheFuture: "is more than a day in the future",
  before1970: "is before 1970",
  revenueFormat: "must be a decimal number with at most 2 decimals",
  negativePurchase:
    "is negative on a purchase: send a refund as its own event of type return, with negative revenue",
  notInCatalogue:
    '{what, select, stage {stage} channel {channel} other {touchpoint}} "{key}" is not in the catalogue',
  fieldCount: "has {count} fields where the header has {expected}",
  notUtf8: "the line is not valid UTF-8 text (save the file as UTF-8)",
  notJson: "the line is not valid JSON",
  notJsonObject: "the line is not a JSON object",
  // The audit log's changes.
  auditUserCreate:
    "created {email} as {role, select, admin {admin} manager {manager} other {viewer}}",
  auditUserRole:
    "{email}: {from, select, admin {admin} manager {manager} other {viewer}} → {to, select, admin {admin} manager {manager} other {viewer}}",
  auditUserDisabled: "{disabled, select, yes {disabled} other {enabled}} {email}",
  auditUserPassword: "reset the password of {email}",
  auditKeyCreate: 'created the ingestion key "{name}" ({prefix}…)',
  auditKeyRevoke: 'revoked the ingestion key "{name}" ({prefix}…)',
  auditCustomerErase:
    "erased customer #{id}: external id, attributes and {comments, plural, one {# comment} other {# comments}}",
  auditIngestionSettings:
    "unknown touchpoints are {create, select, yes {created for placement} other {rejected}}",
  auditSegmentMap: "mapped “{event}” to {touchpoint} / {type}",
  auditSegmentUnmap: "removed the custom mapping of “{event}”",
  auditStageCreate: "added the stage {name}",
  auditStageUpdate:
    "{from, select, same {edited the stage {to}} other {renamed the stage {from} to {to}}}",
  auditStageReorder: "reordered the stages: {order}",
  auditStageConversion:
    "made {to} the conversion stage{from, select, none {} other { instead of {from}}}",
  auditChannelCreate: "added the channel {name}",
  auditChannelRename: "renamed the channel {from} to {to}",
  auditTouchpointCreate: "added the touchpoint {name} ({channel}, {stage})",
  auditTouchpointUpdate:
    "edited the touchpoint {name}: {renamed, select, none {} other {renamed {renamed} to {name}{moved, select, none {} other {; }}}}{stageFrom, select, none {} other {stage {stageFrom} → {stageTo} ({stageEvents} events re-attributed, {kept} kept their own stage){channelFrom, select, none {} other {; }}}}{channelFrom, select, none {} other {channel {channelFrom} → {channelTo} ({channelEvents} events moved)}}{changed, select, no {placed it} other {}}",
  auditPersonaCreate:
    "created the persona {name}; {count} {count, plural, one {customer} other {customers}} reassigned",
  auditPersonaUpdate:
    "{from, select, same {edited the persona {to}} other {renamed the persona {from} to {to}}}{reassigned, select, yes {; {count} {count, plural, one {customer} other {customers}} reassigned} other {}}",
  auditPersonaRestore:
    "restored the persona {name}; {count} {count, plural, one {customer} other {customers}} reassigned",
  auditPersonaArchive:
    "archived the persona {name}; {count} {count, plural, one {customer} other {customers}} reassigned{unpinned, plural, =0 {} other { ({unpinned} pinned by hand)}}",
  auditUpload: "imported {file}: {accepted} accepted, {duplicates} duplicates, {rejected} rejected",
  notFound:
    "no {what, select, user {user} persona {persona} view {view} link {share link} key {API key} touchpoint {touchpoint} stage {stage} channel {channel} other {{what}}} with {by, select, id {id} other {the key}} {key}",
} as const;

export type TMessageCode = keyof typeof EN;

const FR: Record<TMessageCode, string> = {
  required: "est obligatoire",
  invalidType:
    "doit être {expected, select, string {du texte} number {un nombre} int {un nombre entier} boolean {vrai ou faux} array {une liste} object {un objet} date {une date} other {{expected}}}",
  empty: "ne peut pas être vide",
  tooShort: "doit compter au moins {minimum, plural, one {# caractère} other {# caractères}}",
  tooLong: "compte au plus {maximum, plural, one {# caractère} other {# caractères}}",
  tooSmall: "doit valoir au moins {minimum, number}",
  tooSmallExclusive: "doit valoir plus de {minimum, number}",
  tooBig: "doit valoir au plus {maximum, number}",
  tooBigExclusive: "doit valoir moins de {maximum, number}",
  tooFewItems: "demande au moins {minimum, plural, one {# élément} other {# éléments}}",
  tooManyItems: "compte au plus {maximum, plural, one {# élément} other {# éléments}}",
  invalidEmail: "doit être une adresse e-mail valide",
  invalidColour: "doit être une couleur telle que #2563eb",
  invalidKey: "doit être une clé en minuscules (a-z, 0-9, _ ou -, 63 au plus)",
  invalidFormat: "n’a pas le format attendu",
  invalidValue: "doit être l’une des valeurs suivantes\u00a0: {values}",
  invalid: "n’est pas valide",
  textNul: "ne doit pas contenir le caractère NUL (\\u0000)",
  textSurrogate:
    "doit être un texte Unicode valide (il contient une moitié de paire de substitution)",
  dateOutOfRange: "doit être compris entre le {min} et le {max}",
  notRealDate: "n’est pas une date réelle",
  fromBeforeTo: "la date de début doit précéder la date de fin",
  periodTooLong: "une période couvre au plus {max, number} jours (environ 10 ans)",
  id: "doit être un identifiant, un nombre entier de 1 à {max, number}",
  conditionNeedsValue: "la condition {position} ({attribute}) demande une valeur",
  userEmailTaken: "un utilisateur a déjà l’adresse {email}",
  lastAdmin:
    "{action, select, disable {impossible de le désactiver} other {impossible de changer son rôle}}\u00a0: c’est le dernier administrateur\u202f; donnez d’abord le rôle administrateur à un autre utilisateur",
  cannotDisableSelf: "vous ne pouvez pas désactiver votre propre compte",
  personaNameTaken: "un autre persona s’appelle déjà {name}",
  personaNameArchived:
    "un persona archivé s’appelle déjà {name}\u00a0: restaurez-le, ou choisissez un autre nom",
  keyNameLength: "le nom d’une clé compte de 1 à 100 caractères",
  viewNotOwner: "seul le propriétaire de la vue (ou un administrateur) peut la modifier",
  expiryInPast: "l’expiration doit être dans le futur",
  isoDateTime: "doit être une date-heure ISO 8601 avec son décalage, par ex. 2026-03-01T10:15:00Z",
  notRealDateTime: "n’est pas une date-heure réelle",
  inTheFuture: "est plus d’un jour dans le futur",
  before1970: "est antérieure à 1970",
  revenueFormat: "doit être un nombre décimal avec au plus 2 décimales",
  negativePurchase:
    "est négatif sur un achat\u00a0: envoyez un remboursement comme un événement à part, de type return, avec un montant négatif",
  notInCatalogue:
    "{what, select, stage {l’étape} channel {le canal} other {le point de contact}} «\u00a0{key}\u00a0» n’est pas dans le catalogue",
  fieldCount: "compte {count} champs alors que l’en-tête en a {expected}",
  notUtf8: "la ligne n’est pas du texte UTF-8 valide (enregistrez le fichier en UTF-8)",
  notJson: "la ligne n’est pas du JSON valide",
  notJsonObject: "la ligne n’est pas un objet JSON",
  auditUserCreate:
    "a créé {email} avec le rôle {role, select, admin {administrateur} manager {responsable} other {lecteur}}",
  auditUserRole:
    "{email}\u00a0: {from, select, admin {administrateur} manager {responsable} other {lecteur}} → {to, select, admin {administrateur} manager {responsable} other {lecteur}}",
  auditUserDisabled: "a {disabled, select, yes {désactivé} other {réactivé}} {email}",
  auditUserPassword: "a réinitialisé le mot de passe de {email}",
  auditKeyCreate: "a créé la clé de collecte «\u00a0{name}\u00a0» ({prefix}…)",
  auditKeyRevoke: "a révoqué la clé de collecte «\u00a0{name}\u00a0» ({prefix}…)",
  auditCustomerErase:
    "a effacé le client n°\u00a0{id}\u00a0: identifiant, attributs et {comments, plural, one {# commentaire} other {# commentaires}}",
  auditIngestionSettings:
    "les points de contact inconnus sont {create, select, yes {créés pour être placés} other {rejetés}}",
  auditSegmentMap: "a associé «\u00a0{event}\u00a0» à {touchpoint} / {type}",
  auditSegmentUnmap: "a retiré l’association personnalisée de «\u00a0{event}\u00a0»",
  auditStageCreate: "a ajouté l’étape {name}",
  auditStageUpdate:
    "{from, select, same {a modifié l’étape {to}} other {a renommé l’étape {from} en {to}}}",
  auditStageReorder: "a réordonné les étapes\u00a0: {order}",
  auditStageConversion:
    "a fait de {to} l’étape de conversion{from, select, none {} other { à la place de {from}}}",
  auditChannelCreate: "a ajouté le canal {name}",
  auditChannelRename: "a renommé le canal {from} en {to}",
  auditTouchpointCreate: "a ajouté le point de contact {name} ({channel}, {stage})",
  auditTouchpointUpdate:
    "a modifié le point de contact {name}\u00a0: {renamed, select, none {} other {renommé de {renamed} en {name}{moved, select, none {} other {\u202f; }}}}{stageFrom, select, none {} other {étape {stageFrom} → {stageTo} ({stageEvents} événements réattribués, {kept} gardent leur propre étape){channelFrom, select, none {} other {\u202f; }}}}{channelFrom, select, none {} other {canal {channelFrom} → {channelTo} ({channelEvents} événements déplacés)}}{changed, select, no {placé} other {}}",
  auditPersonaCreate:
    "a créé le persona {name}\u202f; {count, plural, one {# client réattribué} other {# clients réattribués}}",
  auditPersonaUpdate:
    "{from, select, same {a modifié le persona {to}} other {a renommé le persona {from} en {to}}}{reassigned, select, yes {\u202f; {count, plural, one {# client réattribué} other {# clients réattribués}}} other {}}",
  auditPersonaRestore:
    "a restauré le persona {name}\u202f; {count, plural, one {# client réattribué} other {# clients réattribués}}",
  auditPersonaArchive:
    "a archivé le persona {name}\u202f; {count, plural, one {# client réattribué} other {# clients réattribués}}{unpinned, plural, =0 {} one { (# attribué à la main)} other { (# attribués à la main)}}",
  auditUpload:
    "a importé {file}\u00a0: {accepted} enregistrés, {duplicates} déjà présents, {rejected} rejetés",
  notFound:
    "{what, select, user {aucun utilisateur} persona {aucun persona} view {aucune vue} link {aucun lien de partage} key {aucune clé d’API} touchpoint {aucun point de contact} stage {aucune étape} channel {aucun canal} other {aucun élément {what}}} avec {by, select, id {l’identifiant} other {la clé}} {key}",
};

export const MESSAGE_LOCALES = ["en", "fr"] as const;
export type TMessageLocale = (typeof MESSAGE_LOCALES)[number];

/** The catalogue, for a test that holds it to the web's typography rules. */
export const SERVER_MESSAGES: Record<TMessageLocale, Record<TMessageCode, string>> = {
  en: EN,
  fr: FR,
};

export type TMessageParams = Record<string, string | number>;

/** A message by its code: what the server sends, and what the web translates. */
export interface TCodedMessage {
  code: TMessageCode;
  params?: TMessageParams;
}

export function isMessageCode(value: unknown): value is TMessageCode {
  return typeof value === "string" && Object.hasOwn(EN, value);
}

/** `{ code, params }` read back from JSON (an error's data, a stored job), or null. */
export function asCodedMessage(value: unknown): TCodedMessage | null {
  if (value === null || typeof value !== "object" || !("code" in value)) return null;
  if (!isMessageCode(value.code)) return null;
  const params = "params" in value ? value.params : undefined;
  if (params === undefined || params === null) return { code: value.code };
  if (typeof params !== "object") return null;
  const clean: TMessageParams = {};
  for (const [key, v] of Object.entries(params)) {
    if (typeof v === "string" || typeof v === "number") clean[key] = v;
  }
  return { code: value.code, params: clean };
}

const compiled = new Map<string, IntlMessageFormat>();

/** The message in that language, its parameters filled in (numbers in the language's format). */
export function formatMessage(locale: TMessageLocale, message: TCodedMessage): string {
  const id = `${locale}:${message.code}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(SERVER_MESSAGES[locale][message.code], locale);
    compiled.set(id, format);
  }
  const text = format.format(message.params ?? {});
  return typeof text === "string" ? text : String(text);
}

/** A message by code, as refinements and domain errors give it. */
export function coded(code: TMessageCode, params?: TMessageParams): TCodedMessage {
  return params ? { code, params } : { code };
}

/**
 * A refinement's error: the English text for API clients and the CLI, and the code the web
 * translates (zod keeps a custom issue's `params`).
 */
export function codedIssue(
  code: TMessageCode,
  params?: TMessageParams,
): { message: string; params: { message: TCodedMessage } } {
  const message = coded(code, params);
  return { message: formatMessage("en", message), params: { message } };
}

/**
 * What a zod issue says, by code: a refinement's own code when it gave one, else one read from
 * zod's issue (its kind and bounds), so every validation message has words in each language.
 */
export function issueMessage(issue: z.core.$ZodIssue): TCodedMessage {
  switch (issue.code) {
    case "custom":
      return asCodedMessage(issue.params?.message) ?? coded("invalid");
    case "invalid_type":
      if (issue.input === undefined || issue.input === null) return coded("required");
      return coded("invalidType", { expected: issue.expected });
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") {
        return minimum <= 1 ? coded("empty") : coded("tooShort", { minimum });
      }
      if (issue.origin === "array" || issue.origin === "set")
        return coded("tooFewItems", { minimum });
      return coded(issue.inclusive === false ? "tooSmallExclusive" : "tooSmall", { minimum });
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") return coded("tooLong", { maximum });
      if (issue.origin === "array" || issue.origin === "set")
        return coded("tooManyItems", { maximum });
      return coded(issue.inclusive === false ? "tooBigExclusive" : "tooBig", { maximum });
    }
    case "invalid_format":
      if (issue.format === "email") return coded("invalidEmail");
      if (issue.format === "regex" && "pattern" in issue) {
        const pattern = String(issue.pattern);
        if (pattern.includes("[0-9a-fA-F]{6}")) return coded("invalidColour");
        if (pattern.includes("[a-z0-9_-]{0,62}")) return coded("invalidKey");
      }
      return coded("invalidFormat");
    case "invalid_value":
      return coded("invalidValue", { values: issue.values.map(String).join(", ") });
    case "not_multiple_of":
      return coded("invalidType", { expected: "int" });
    default:
      return coded("invalid");
  }
}
