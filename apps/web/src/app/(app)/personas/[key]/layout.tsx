import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getQueryClient, trpc } from "~/trpc/server";

/**
 * An unknown key is refused here, outside the page's loading boundary: once that boundary has
 * streamed, the status is already 200 and notFound() could only draw "not found" under it.
 */
export default async function PersonaLayout({
  params,
  children,
}: {
  params: Promise<{ key: string }>;
  children: ReactNode;
}) {
  const { key } = await params;
  const catalogue = await getQueryClient().fetchQuery(trpc.catalogue.get.queryOptions());
  if (!catalogue.personas.some((p) => p.key === key)) notFound();
  return children;
}
