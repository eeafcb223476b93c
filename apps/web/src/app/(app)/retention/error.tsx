"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function RetentionError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
