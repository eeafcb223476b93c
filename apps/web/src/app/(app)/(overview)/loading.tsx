import { OverviewSkeleton } from "~/components/skeletons/page-skeletons";

export default function Loading() {
  return <OverviewSkeleton />;
}
