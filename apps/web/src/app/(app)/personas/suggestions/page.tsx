import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { FilterBar } from "~/components/filters/filter-bar";
import { PersonaSuggestions } from "~/components/persona-suggestions/persona-suggestions";
import { userWithRole } from "~/server/auth";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("personaSuggestions");
  return { title: t("title") };
}

/**
 * Personas found in the data (issue 18 item 4): managers and admins read the suggestions (as
 * personas.suggest allows); only admins get the link that turns one into a persona.
 */
export default async function PersonaSuggestionsPage() {
  const user = await userWithRole("manager");
  if (!user) forbidden();
  const t = await getTranslations("personaSuggestions");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="flex flex-col gap-6">
        <FilterBar />
        <PersonaSuggestions canCreate={user.role === "admin"} />
      </div>
    </>
  );
}
