"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function PersonaError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
