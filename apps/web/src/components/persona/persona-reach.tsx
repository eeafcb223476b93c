"use client";

import { Card } from "@parcours/ui/card";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { PersonaStageReach } from "~/components/customers/persona-stage-reach";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";

/** The persona's customers per stage on its page, each figure opening its customers. */
export function PersonaReach({ personaKey }: { personaKey: string }) {
  const t = useTranslations("customers.drill.reach");
  const trpc = useTRPC();
  const { data: catalogue } = useCatalogue();
  const persona = catalogue?.personas.find((p) => p.key === personaKey);
  // The query PersonaProfile makes: one request for both.
  const { filter } = useResolvedFilters({ persona: personaKey });
  const query = useQuery({
    ...trpc.dashboard.personas.queryOptions(inputs.personas(filter)),
    placeholderData: keepPreviousData,
  });
  const row = query.data?.personas.find((p) => p.persona === personaKey);
  if (!persona || !row) return null;
  return (
    <Card
      title={t("title")}
      description={t("description")}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <PersonaStageReach
        rows={[
          { persona: personaKey, label: persona.name, colour: persona.colour, reach: row.reach },
        ]}
        pinPersona={personaKey}
      />
    </Card>
  );
}
