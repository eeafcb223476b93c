"use client";

import { RouteError, type TRouteErrorProps } from "~/components/common/route-error";

export default function ReviewsError(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
