import { ZKeySchema } from "@parcours/validators";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { EditPersona } from "~/components/admin/personas/persona-form";
import { getQueryClient, HydrateClient, prefetch, trpc } from "~/trpc/server";

interface TProps {
  params: Promise<{ key: string }>;
}

/** The persona, or null when the key names none (the page then answers 404). */
const loadPersona = cache(async (key: string) => {
  if (!ZKeySchema.safeParse(key).success) return null;
  return getQueryClient()
    .fetchQuery(trpc.admin.personas.get.queryOptions({ key }))
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
      throw error;
    });
});

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { key } = await params;
  const persona = await loadPersona(key);
  const t = await getTranslations("adminPersonas");
  return { title: persona ? t("editTitle", { name: persona.name }) : t("title") };
}

export default async function EditPersonaPage({ params }: TProps) {
  const { key } = await params;
  if (!(await loadPersona(key))) notFound();
  await prefetch(trpc.admin.personas.attributes.queryOptions());
  return (
    <HydrateClient>
      <EditPersona personaKey={key} />
    </HydrateClient>
  );
}
