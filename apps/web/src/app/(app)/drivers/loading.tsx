import { FunnelsSkeleton } from "~/components/skeletons/page-skeletons";

export default function Loading() {
  return <FunnelsSkeleton />;
}
