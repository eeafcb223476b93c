"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function DriversError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
