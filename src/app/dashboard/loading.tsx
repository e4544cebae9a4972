import { PageSkeleton } from "@/components/ui/skeleton";

/** Shown by Next while a dashboard page's server component reads its data. */
export default function DashboardLoading() {
  return <PageSkeleton />;
}
