"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function PathsError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
