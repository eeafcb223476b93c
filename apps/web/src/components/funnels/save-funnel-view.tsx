"use client";

import { SaveViewButton } from "~/components/journeys/save-view-button";
import { useFunnel } from "./use-funnel";

/** "Save as view" on the funnels page: the view keeps these steps and this window. */
export function SaveFunnelView() {
  const { definition } = useFunnel();
  return (
    <SaveViewButton
      funnel={
        definition ? { steps: definition.steps, windowDays: definition.windowDays } : undefined
      }
    />
  );
}
