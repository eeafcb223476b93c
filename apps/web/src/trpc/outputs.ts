import type { RouterOutputs } from "@parcours/api";

/**
 * The rows components render, as the procedures that send them return them: a component's type
 * follows its procedure, not a database function behind it.
 */
export type Catalogue = RouterOutputs["catalogue"]["get"];
export type AdminCatalogue = RouterOutputs["admin"]["catalogue"]["get"];
export type StageReorderEffect = RouterOutputs["admin"]["catalogue"]["previewReorder"];
export type ConversionStageEffect = RouterOutputs["admin"]["catalogue"]["previewConversionStage"];
export type TouchpointChangeEffect = RouterOutputs["admin"]["catalogue"]["previewTouchpoint"];
export type AdminPersona = RouterOutputs["admin"]["personas"]["get"];
export type CustomerAttribute = RouterOutputs["admin"]["personas"]["attributes"][number];
export type AnnotationRow = RouterOutputs["views"]["journey"]["annotations"][number];
export type ActionRow = RouterOutputs["actions"]["list"][number];
export type ActionMetricReading = RouterOutputs["actions"]["metrics"][number];
export type ReviewSchedule = RouterOutputs["reviews"]["schedule"]["get"];
export type ViewReview = RouterOutputs["reviews"]["list"][number];
