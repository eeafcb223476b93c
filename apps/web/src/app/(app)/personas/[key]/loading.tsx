import { PersonaSkeleton } from "~/components/skeletons/page-skeletons";

export default function Loading() {
  return <PersonaSkeleton />;
}
