import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { FilterBar } from "~/components/filters/filter-bar";
import { EmotionSection } from "~/components/overview/emotion-section";
import { StageFunnel } from "~/components/overview/stage-funnel";
import { PersonaFrictions } from "~/components/persona/persona-frictions";
import { PersonaProfile } from "~/components/persona/persona-profile";
import { PersonaReach } from "~/components/persona/persona-reach";
import { TopTouchpoints } from "~/components/persona/top-touchpoints";
import { withoutPersonas } from "~/filters/analytics-filter";
import { inputs } from "~/queries/inputs";
import { pageFilters, type TSearchParams } from "~/server/page-filters";
import { getQueryClient, HydrateClient, prefetch, trpc } from "~/trpc/server";

interface TProps {
  params: Promise<{ key: string }>;
  searchParams: TSearchParams;
}

export async function generateMetadata({ params }: Pick<TProps, "params">): Promise<Metadata> {
  const { key } = await params;
  const catalogue = await getQueryClient().fetchQuery(trpc.catalogue.get.queryOptions());
  const persona = catalogue.personas.find((p) => p.key === key);
  const t = await getTranslations("persona");
  return { title: persona ? persona.name : t("unknown") };
}

export default async function PersonaPage({ params, searchParams }: TProps) {
  const { key } = await params;
  const t = await getTranslations("persona");
  const { catalogue, filter } = await pageFilters(searchParams, { persona: key });
  const persona = catalogue.personas.find((p) => p.key === key);
  if (!persona) notFound();

  await Promise.all([
    prefetch(trpc.dashboard.personas.queryOptions(inputs.personas(filter))),
    prefetch(trpc.dashboard.funnel.queryOptions(inputs.stageFunnel(filter, catalogue))),
    prefetch(trpc.dashboard.emotion.queryOptions(inputs.emotion(withoutPersonas(filter)))),
    prefetch(trpc.dashboard.heatmap.queryOptions(inputs.heatmap(filter))),
    prefetch(trpc.dashboard.journeyMap.queryOptions({ filter })),
  ]);

  return (
    <HydrateClient>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-3">
            <span
              aria-hidden="true"
              className="size-4 rounded-full"
              style={{ backgroundColor: persona.colour }}
            />
            {persona.name}
          </span>
        }
        description={t("description")}
      />
      <div className="flex flex-col gap-6">
        <FilterBar showPersona={false} />
        <PersonaProfile personaKey={key} />
        <PersonaReach personaKey={key} />
        <StageFunnel persona={key} title={t("funnel")} />
        <div className="grid gap-6 xl:grid-cols-2">
          <EmotionSection persona={key} />
          <TopTouchpoints personaKey={key} />
        </div>
        <PersonaFrictions personaKey={key} />
      </div>
    </HydrateClient>
  );
}
