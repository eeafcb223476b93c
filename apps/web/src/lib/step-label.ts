import type { TFunnelStep } from "@parcours/validators";
import type { Catalogue } from "../trpc/outputs";

/** A step's display name from the catalogue (the key when the catalogue does not know it). */
export function stepLabel(step: TFunnelStep, catalogue: Catalogue | undefined): string {
  const list = step.kind === "stage" ? catalogue?.stages : catalogue?.touchpoints;
  const name = list?.find((item) => item.key === step.key)?.name ?? step.key;
  return step.type ? `${name} · ${step.type}` : name;
}

export function stageName(key: string, catalogue: Catalogue | undefined): string {
  return catalogue?.stages.find((stage) => stage.key === key)?.name ?? key;
}
