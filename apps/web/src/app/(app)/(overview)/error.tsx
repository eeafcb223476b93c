"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function OverviewError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
