/** The profile DESIGN.md gives a persona; the catalogue may not carry it (yet). */
export interface TPersonaProfile {
  description: string | null;
  goals: string[];
  needs: string[];
  painPoints: string[];
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Reads whichever profile fields the API sends, without assuming they are there. */
export function profileOf(persona: object): TPersonaProfile {
  const fields = persona as Record<string, unknown>;
  return {
    description: text(fields.description),
    goals: list(fields.goals),
    needs: list(fields.needs),
    painPoints: list(fields.painPoints),
  };
}
