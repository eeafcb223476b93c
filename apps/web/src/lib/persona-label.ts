import { chartColour } from "@parcours/ui/chart-theme";
import { UNASSIGNED } from "@parcours/validators";

export const UNASSIGNED_COLOUR = "var(--chart-8)";

/** Display name and colour of a persona series; `unassigned` gets the neutral palette colour. */
export function personaDisplay(
  row: { persona: string; name: string | null; colour: string | null },
  index: number,
  unassignedLabel: string,
): { label: string; colour: string } {
  if (row.persona === UNASSIGNED) return { label: unassignedLabel, colour: UNASSIGNED_COLOUR };
  return { label: row.name ?? row.persona, colour: row.colour ?? chartColour(index) };
}
