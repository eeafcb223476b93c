import { ZPersonaRulesSchema } from "@parcours/validators";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PersonaForm } from "~/components/admin/personas/persona-form";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminPersonas");
  return { title: t("createTitle") };
}

/** Rules given as JSON in `?rules=` (a suggested persona), when they are valid rules. */
function draftRules(value: string | string[] | undefined) {
  if (typeof value !== "string") return null;
  try {
    const parsed = ZPersonaRulesSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `?rules=<json>&description=<text>`: "Turn into a persona" fills these in. */
export default async function NewPersonaPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const rules = draftRules(params.rules);
  const description =
    typeof params.description === "string" ? params.description.slice(0, 2000) : "";
  await prefetch(trpc.admin.personas.attributes.queryOptions());
  return (
    <HydrateClient>
      <PersonaForm persona={null} {...(rules ? { draft: { rules, description } } : {})} />
    </HydrateClient>
  );
}
