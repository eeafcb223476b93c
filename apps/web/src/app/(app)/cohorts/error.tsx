"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function CohortsError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
