import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PersonaForm } from "~/components/admin/personas/persona-form";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminPersonas");
  return { title: t("createTitle") };
}

export default async function NewPersonaPage() {
  await prefetch(trpc.admin.personas.attributes.queryOptions());
  return (
    <HydrateClient>
      <PersonaForm persona={null} />
    </HydrateClient>
  );
}
