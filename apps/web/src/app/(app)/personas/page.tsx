import { buttonClassName } from "@parcours/ui/button";
import { Card } from "@parcours/ui/card";
import { EmptyState } from "@parcours/ui/empty-state";
import { UsersRound } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { createSerializer } from "nuqs/server";
import { PageHeader } from "~/components/common/page-header";
import { PersonaPriority } from "~/components/persona-suggestions/persona-priority";
import { filterParsers, loadFilters } from "~/filters/search-params";
import { userWithRole } from "~/server/auth";
import { getQueryClient, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("persona");
  return { title: t("indexTitle") };
}

const serializeFilters = createSerializer(filterParsers);

/** Personas is in the navigation, so its own address lists them rather than answering 404. */
export default async function PersonasPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations("persona");
  const tNav = await getTranslations("nav");
  // The filters travel on to each persona's page, as the header's links carry them.
  const filters = loadFilters(await searchParams);
  const catalogue = await getQueryClient().fetchQuery(trpc.catalogue.get.queryOptions());
  const tSuggest = await getTranslations("personaSuggestions");
  const canSuggest = (await userWithRole("manager")) !== null;

  return (
    <>
      <PageHeader
        title={t("indexTitle")}
        description={t("indexDescription")}
        aside={
          canSuggest ? (
            <Link
              className={buttonClassName({ variant: "outline" })}
              href={serializeFilters("/personas/suggestions", filters)}
            >
              {tSuggest("open")}
            </Link>
          ) : null
        }
      />
      {catalogue.personas.length === 0 ? (
        <EmptyState
          icon={<UsersRound />}
          title={tNav("noPersonas")}
          description={t("indexEmpty")}
        />
      ) : (
        <div className="flex flex-col gap-6">
          <PersonaPriority />
          <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {catalogue.personas.map((persona) => (
              <li key={persona.key}>
                <Card className="h-full" contentClassName="flex flex-col gap-2">
                  <h2 className="flex items-center gap-2 font-semibold text-base">
                    <span
                      aria-hidden="true"
                      className="size-3 shrink-0 rounded-full"
                      style={{ backgroundColor: persona.colour }}
                    />
                    <Link
                      href={serializeFilters(`/personas/${persona.key}`, filters)}
                      className="underline-offset-4 hover:underline"
                    >
                      {persona.name}
                    </Link>
                  </h2>
                  <p className="line-clamp-3 text-muted-foreground text-sm">
                    {persona.description || t("noDescription")}
                  </p>
                  {persona.goals.length > 0 ? (
                    <p className="text-sm">
                      {t("goalsLine", { goals: persona.goals.join(" · ") })}
                    </p>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
