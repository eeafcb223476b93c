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
  auditStageMetrics:
    "set the metrics of the stage {name}: {metrics, select, none {none} other {{metrics}}}",
  stageMetricUnknownTouchpoints:
    "the metric {metric} names touchpoints the catalogue does not have: {keys}",
  stageMetricUnknownChannels:
    "the metric {metric} names channels the catalogue does not have: {keys}",
  spendHeader:
    "the first line must name the columns date (or day), channel and amount; found: {found}",
  spendEmpty: "the file has no spend rows after its header",
  spendTooLarge: "the file is over the limit of {max, number} characters",
  spendRowSyntax: "line {line}: not a CSV row ({reason})",
  spendRowShape: "line {line}: {count, number} values where 3 are expected (date, channel, amount)",
  spendBadDate: "line {line}: “{value}” is not a date written YYYY-MM-DD",
  spendUnknownChannel: "line {line}: no channel with the key “{value}” in the catalogue",
  spendBadAmount:
    "line {line}: “{value}” is not an amount (digits with at most 2 decimals after . or , and no currency)",
  spendNegativeAmount: "line {line}: the amount {value} is negative",
  spendDuplicate: "line {line}: the day {day} and channel {channel} are already on line {first}",
  spendMoreErrors: "and {count, plural, one {# more line} other {# more lines}} with errors",
  auditSpendImport:
    "imported spend: {rows, plural, one {# row} other {# rows}} from {from} to {to}, {total}",
  auditSpendDelete:
    "deleted the spend from {from} to before {to} ({rows, plural, one {# row} other {# rows}})",
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
  auditViewCreate: 'saved the {visibility, select, team {team} other {private}} view "{name}"',
  auditViewUpdate:
    '{from, select, same {edited the view "{to}"} other {renamed the view "{from}" to "{to}"}}',
  auditViewDelete: 'deleted the view "{name}"',
  auditShareLinkCreate:
    'created the share link {prefix}… on the view "{view}"{expires, select, never {, without expiry} other {, expiring {expires}}}',
  auditShareLinkRevoke: 'revoked the share link {prefix}… on the view "{view}"',
  auditReviewSchedule:
    '{action, select, remove {removed the review schedule of} other {scheduled {cadence, select, weekly {weekly} other {monthly}} reviews of}} the view "{view}"',
  auditReviewSubscription:
    '{subscribed, select, yes {subscribed to the reviews of the view "{view}"{email, select, yes { (in the app and by email)} other { (in the app)}}} other {unsubscribed from the reviews of the view "{view}"}}',
  auditReviewWebhook:
    '{action, select, delete {deleted} other {added}} the review webhook {host} on the view "{view}"',
  auditReviewNow: 'asked for a review of the view "{view}" now',
  reviewWebhooksFull: "a view has at most {max} webhooks: delete one first",
  auditAnnotationCreate:
    '{kind, select, opportunity {noted an opportunity} reply {replied to a thread} other {commented}} on the view "{view}"',
  auditAnnotationResolve:
    '{resolved, select, yes {resolved} other {reopened}} {kind, select, opportunity {an opportunity} other {a thread}} on the view "{view}"',
  auditPrivacy:
    "{viewers, select, yes {viewers may see customer lists and timelines} other {viewers no longer see customer lists and timelines}}",
  // Refusals of the editors and the data layer.
  alreadyExists:
    "a {what, select, persona {persona} touchpoint {touchpoint} stage {stage} channel {channel} other {{what}}} with the key {key} already exists",
  personaKeyReserved: "the persona key {key} is reserved by the admin pages",
  customerNotFound: 'no customer has the id "{id}"',
  mappingNotFound: "no custom mapping for “{event}”",
  commentNotFound: "no comment with id {id}{onView, select, yes { on this view} other {}}",
  replyToFirstComment: "reply to the first comment of a thread",
  resolveThreadNotReply: "resolve the thread, not a reply",
  stageOrderInvalid:
    "the new order must list every stage exactly once ({missing, select, none {} other {missing: {missing}{unknown, select, none {} other {; }}}}{unknown, select, none {} other {unknown: {unknown}}}{repeated, select, none {} other {{missing, select, none {{unknown, select, none {} other {; }}} other {; }}repeated: {repeated}}})",
  catalogueRemovals:
    "the document leaves out entries the database has, and they cannot be removed (events refer to them); list them again ({entries})",
  viewPeriodInvalid: "this view's period is not valid ({problems}): edit the view to set another",
  ruleNotANumber:
    'condition {position} ({attribute}): {attribute} holds numbers, and "{value}" is not a number, so it would match nobody',
  ruleNotABoolean:
    'condition {position} ({attribute}): {attribute} holds true or false, and "{value}" is neither, so it would match nobody',
  ruleBooleanOrdered:
    "condition {position} ({attribute}): {attribute} holds true or false, which cannot be more or less than a value",
  unknownKeys:
    "unknown {kind, select, stage {stage} touchpoint {touchpoint} channel {channel} other {persona}}{count, plural, one {} other {s}}: {keys}",
  noConversionStage: "the catalogue has no conversion stage",
  tooManyStages: "reach is computed for at most {max} stages",
  shareLinkGone: "this link does not exist, has expired or was revoked",
  shareLinkNoComments: "this link does not include the customers' comments",
  cohortNotFound: "unknown cohort: {id}",
  cohortTooLarge:
    "cohort {id} holds {count} customers; a static cohort holds at most {max} to be used as a filter",
  cohortNotOwner: "only the owner of cohort {id} or an admin can change it",
  // The server's own state: sign-in, roles, load, outages, failures.
  signIn: "sign in to continue",
  needsRole: "this needs the {role, select, admin {admin} manager {manager} other {viewer}} role",
  customerDataForbidden:
    "customer lists and timelines need the manager role, or an admin allowing viewers to see them (Admin › Users › Privacy)",
  tooManyQueries:
    "too many queries at once: {running} of yours are running and {waiting} waiting; try again in {seconds} seconds",
  queryTooLong:
    "this query ran for more than {seconds} seconds and was stopped, so that it does not slow everyone down: choose a shorter period or fewer filters",
  analyticsUnavailable:
    "the analytics database (ClickHouse) is not answering, so these figures cannot be computed right now: try again in {seconds} s. Events still arrive and are kept in PostgreSQL; they are copied once ClickHouse is back",
  databaseUnavailable: "the database (PostgreSQL) is not answering: try again in {seconds} s",
  internalError:
    "something went wrong on our side; the error is logged under reference {reference}",
  // An upload's file as a whole.
  uploadFormatUnknown: 'format must be csv or ndjson, not "{format}"',
  uploadFormatUnclear: "cannot tell the format: pass ?format=csv or ?format=ndjson",
  uploadTooLarge:
    "the file is over the limit of {limit}{decompressed, select, yes { once decompressed} other {}}; nothing was imported",
  uploadEmptyBody: "send the file as the request body",
  uploadNotCompressed: "the file is not valid compressed data ({reason}); nothing was imported",
  uploadInterrupted: "the upload did not complete; nothing was imported",
  importNotFound: "no such import (imports are forgotten when the server restarts)",
  importDatabaseDown:
    "the database became unavailable after {accepted} events were stored; upload the file again once it is back: events already stored count as duplicates",
  importServerError:
    "the import stopped on a server error after {accepted} events were stored; they are kept",
  fileHeaderNotCsv: "the header row is not valid CSV: {reason}",
  fileEmpty: "the file is empty: a CSV import needs a header row",
  fileHeaderRepeated: "the header names {columns} more than once",
  fileHeaderUnknown:
    "unknown {count, plural, one {column} other {columns}} {columns} in the header; the columns are {known}",
  fileHeaderMissing:
    "the header lacks the required {count, plural, one {column} other {columns}} {columns}",
  actionNotOpportunity:
    "{id} is not an opportunity: only an opportunity's first comment becomes an action",
  actionOwnerUnknown: "no active user with id {id} can own an action",
  actionNotOwner: "only the action's owner, a manager or an admin can change it",
  actionMetricUnknown: "the stage {stage} has no metric with the key {metric}",
  auditActionUpdate:
    'changed an action on the view "{view}"{to, select, same {} other {: {from, select, idea {idea} planned {planned} in_progress {in progress} done {done} dropped {dropped} other {{from}}} → {to, select, idea {idea} planned {planned} in_progress {in progress} done {done} dropped {dropped} other {{to}}}}}',
  notFound:
    "no {what, select, user {user} persona {persona} view {view} review {review} webhook {webhook} link {share link} key {API key} touchpoint {touchpoint} stage {stage} channel {channel} other {{what}}} with {by, select, id {id} other {the key}} {key}",
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
  auditStageMetrics:
    "a défini les indicateurs de l’étape {name}\u00a0: {metrics, select, none {aucun} other {{metrics}}}",
  stageMetricUnknownTouchpoints:
    "l’indicateur {metric} nomme des points de contact absents du catalogue\u00a0: {keys}",
  stageMetricUnknownChannels:
    "l’indicateur {metric} nomme des canaux absents du catalogue\u00a0: {keys}",
  spendHeader:
    "la première ligne doit nommer les colonnes date (ou day), channel et amount\u00a0; trouvé\u00a0: {found}",
  spendEmpty: "le fichier n’a aucune ligne de dépenses après son en-tête",
  spendTooLarge: "le fichier dépasse la limite de {max, number}\u00a0caractères",
  spendRowSyntax: "ligne {line}\u00a0: pas une ligne CSV ({reason})",
  spendRowShape:
    "ligne {line}\u00a0: {count, number}\u00a0valeurs au lieu de 3 (date, canal, montant)",
  spendBadDate: "ligne {line}\u00a0: «\u00a0{value}\u00a0» n’est pas une date écrite AAAA-MM-JJ",
  spendUnknownChannel:
    "ligne {line}\u00a0: aucun canal de clé «\u00a0{value}\u00a0» dans le catalogue",
  spendBadAmount:
    "ligne {line}\u00a0: «\u00a0{value}\u00a0» n’est pas un montant (des chiffres avec au plus 2\u00a0décimales après . ou , et sans devise)",
  spendNegativeAmount: "ligne {line}\u00a0: le montant {value} est négatif",
  spendDuplicate:
    "ligne {line}\u00a0: le jour {day} et le canal {channel} figurent déjà ligne {first}",
  spendMoreErrors: "et {count, plural, one {# autre ligne} other {# autres lignes}} en erreur",
  auditSpendImport:
    "a importé des dépenses\u00a0: {rows, plural, one {# ligne} other {# lignes}} du {from} au {to}, {total}",
  auditSpendDelete:
    "a supprimé les dépenses du {from} jusqu’au {to} exclu ({rows, plural, one {# ligne} other {# lignes}})",
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
  auditViewCreate:
    "a enregistré la vue {visibility, select, team {d’équipe} other {privée}} «\u00a0{name}\u00a0»",
  auditViewUpdate:
    "{from, select, same {a modifié la vue «\u00a0{to}\u00a0»} other {a renommé la vue «\u00a0{from}\u00a0» en «\u00a0{to}\u00a0»}}",
  auditViewDelete: "a supprimé la vue «\u00a0{name}\u00a0»",
  auditShareLinkCreate:
    "a créé le lien de partage {prefix}… sur la vue «\u00a0{view}\u00a0»{expires, select, never {, sans expiration} other {, valable jusqu’au {expires}}}",
  auditShareLinkRevoke: "a révoqué le lien de partage {prefix}… sur la vue «\u00a0{view}\u00a0»",
  auditReviewSchedule:
    "{action, select, remove {a supprimé le calendrier des revues de} other {a programmé des revues {cadence, select, weekly {hebdomadaires} other {mensuelles}} de}} la vue «\u00a0{view}\u00a0»",
  auditReviewSubscription:
    "{subscribed, select, yes {s’est abonné aux revues de la vue «\u00a0{view}\u00a0»{email, select, yes { (dans l’application et par e-mail)} other { (dans l’application)}}} other {s’est désabonné des revues de la vue «\u00a0{view}\u00a0»}}",
  auditReviewWebhook:
    "{action, select, delete {a supprimé} other {a ajouté}} le webhook de revue {host} sur la vue «\u00a0{view}\u00a0»",
  auditReviewNow: "a demandé une revue de la vue «\u00a0{view}\u00a0» maintenant",
  reviewWebhooksFull: "une vue a au plus {max}\u00a0webhooks\u00a0: supprimez-en un d’abord",
  auditAnnotationCreate:
    "{kind, select, opportunity {a noté une opportunité} reply {a répondu à une discussion} other {a commenté}} sur la vue «\u00a0{view}\u00a0»",
  auditAnnotationResolve:
    "{resolved, select, yes {a résolu} other {a rouvert}} {kind, select, opportunity {une opportunité} other {une discussion}} sur la vue «\u00a0{view}\u00a0»",
  auditPrivacy:
    "{viewers, select, yes {les lecteurs peuvent voir les listes de clients et leurs parcours} other {les lecteurs ne voient plus les listes de clients ni leurs parcours}}",
  alreadyExists:
    "{what, select, persona {un persona} touchpoint {un point de contact} stage {une étape} channel {un canal} other {un élément {what}}} a déjà la clé {key}",
  personaKeyReserved: "la clé de persona {key} est réservée par les pages d’administration",
  customerNotFound: "aucun client n’a l’identifiant « {id} »",
  mappingNotFound: "aucune association personnalisée pour « {event} »",
  commentNotFound:
    "aucun commentaire avec l’identifiant {id}{onView, select, yes { sur cette vue} other {}}",
  replyToFirstComment: "répondez au premier commentaire d’une discussion",
  resolveThreadNotReply: "résolvez la discussion, pas une réponse",
  stageOrderInvalid:
    "le nouvel ordre doit citer chaque étape une seule fois ({missing, select, none {} other {manquantes : {missing}{unknown, select, none {} other { ; }}}}{unknown, select, none {} other {inconnues : {unknown}}}{repeated, select, none {} other {{missing, select, none {{unknown, select, none {} other { ; }}} other { ; }}répétées : {repeated}}})",
  catalogueRemovals:
    "le document omet des éléments que la base contient, et ils ne peuvent pas être supprimés (des événements y renvoient) ; citez-les à nouveau ({entries})",
  viewPeriodInvalid:
    "la période de cette vue n’est pas valide ({problems}) : modifiez la vue pour en choisir une autre",
  ruleNotANumber:
    "condition {position} ({attribute}) : {attribute} contient des nombres, et « {value} » n’en est pas un ; elle ne correspondrait à personne",
  ruleNotABoolean:
    "condition {position} ({attribute}) : {attribute} contient vrai ou faux, et « {value} » n’est ni l’un ni l’autre ; elle ne correspondrait à personne",
  ruleBooleanOrdered:
    "condition {position} ({attribute}) : {attribute} contient vrai ou faux, qui ne peut être ni supérieur ni inférieur à une valeur",
  unknownKeys:
    "{kind, select, stage {{count, plural, one {étape inconnue} other {étapes inconnues}}} touchpoint {{count, plural, one {point de contact inconnu} other {points de contact inconnus}}} channel {{count, plural, one {canal inconnu} other {canaux inconnus}}} other {{count, plural, one {persona inconnu} other {personas inconnus}}}} : {keys}",
  noConversionStage: "le catalogue n’a pas d’étape de conversion",
  tooManyStages: "l’atteinte se calcule sur {max} étapes au plus",
  shareLinkGone: "ce lien n’existe pas, a expiré ou a été révoqué",
  shareLinkNoComments: "ce lien n’inclut pas les commentaires des clients",
  cohortNotFound: "cohorte inconnue : {id}",
  cohortTooLarge:
    "la cohorte {id} compte {count} clients ; une cohorte statique en compte au plus {max} pour servir de filtre",
  cohortNotOwner:
    "seuls le propriétaire de la cohorte {id} et les administrateurs peuvent la modifier",
  signIn: "connectez-vous pour continuer",
  needsRole:
    "cette action demande le rôle {role, select, admin {administrateur} manager {responsable} other {lecteur}}",
  customerDataForbidden:
    "les listes de clients et leurs parcours demandent le rôle responsable, ou qu’un administrateur les ouvre aux lecteurs (Administration › Utilisateurs › Confidentialité)",
  tooManyQueries:
    "trop de requêtes à la fois : {running} des vôtres sont en cours et {waiting} en attente ; réessayez dans {seconds} secondes",
  queryTooLong:
    "cette requête a duré plus de {seconds} secondes et a été arrêtée pour ne pas ralentir les autres : choisissez une période plus courte ou moins de filtres",
  analyticsUnavailable:
    "la base d’analyse (ClickHouse) ne répond pas, ces chiffres ne peuvent donc pas être calculés pour l’instant : réessayez dans {seconds} s. Les événements continuent d’arriver et sont conservés dans PostgreSQL ; ils seront copiés dès le retour de ClickHouse",
  databaseUnavailable: "la base de données (PostgreSQL) ne répond pas : réessayez dans {seconds} s",
  internalError:
    "une erreur s’est produite de notre côté ; elle est consignée sous la référence {reference}",
  uploadFormatUnknown: "le format doit être csv ou ndjson, pas « {format} »",
  uploadFormatUnclear:
    "impossible de déterminer le format : ajoutez format=csv ou format=ndjson à l’adresse",
  uploadTooLarge:
    "le fichier dépasse la limite de {limit}{decompressed, select, yes { une fois décompressé} other {}} ; rien n’a été importé",
  uploadEmptyBody: "envoyez le fichier comme corps de la requête",
  uploadNotCompressed:
    "le fichier n’est pas une archive compressée valide ({reason}) ; rien n’a été importé",
  uploadInterrupted: "l’envoi ne s’est pas terminé ; rien n’a été importé",
  importNotFound: "cet import est inconnu (le serveur oublie les imports quand il redémarre)",
  importDatabaseDown:
    "la base de données est devenue indisponible après l’enregistrement de {accepted} événements ; envoyez à nouveau le fichier quand elle sera revenue : les événements déjà enregistrés compteront comme déjà présents",
  importServerError:
    "l’import s’est arrêté sur une erreur du serveur après l’enregistrement de {accepted} événements ; ils sont conservés",
  fileHeaderNotCsv: "la ligne d’en-tête n’est pas du CSV valide : {reason}",
  fileEmpty: "le fichier est vide : un import CSV demande une ligne d’en-tête",
  fileHeaderRepeated: "l’en-tête cite {columns} plus d’une fois",
  fileHeaderUnknown:
    "{count, plural, one {colonne inconnue} other {colonnes inconnues}} dans l’en-tête : {columns} ; les colonnes sont {known}",
  fileHeaderMissing:
    "il manque à l’en-tête {count, plural, one {la colonne obligatoire} other {les colonnes obligatoires}} {columns}",
  actionNotOpportunity:
    "{id} n’est pas une opportunité\u00a0: seul le premier commentaire d’une opportunité devient une action",
  actionOwnerUnknown: "aucun utilisateur actif d’identifiant {id} ne peut porter une action",
  actionNotOwner: "seuls le porteur de l’action, un manager ou un admin peuvent la modifier",
  actionMetricUnknown: "l’étape {stage} n’a pas d’indicateur de clé {metric}",
  auditActionUpdate:
    "a modifié une action sur la vue «\u00a0{view}\u00a0»{to, select, same {} other {\u00a0: {from, select, idea {idée} planned {planifiée} in_progress {en cours} done {faite} dropped {abandonnée} other {{from}}} → {to, select, idea {idée} planned {planifiée} in_progress {en cours} done {faite} dropped {abandonnée} other {{to}}}}}",
  notFound:
    "{what, select, user {aucun utilisateur} persona {aucun persona} view {aucune vue} review {aucune revue} webhook {aucun webhook} link {aucun lien de partage} key {aucune clé d’API} touchpoint {aucun point de contact} stage {aucune étape} channel {aucun canal} other {aucun élément {what}}} avec {by, select, id {l’identifiant} other {la clé}} {key}",
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
