"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function AdminError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
