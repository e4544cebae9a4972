import { buttonClassName } from "@/components/ui/button";

/** Downloads of the raw rows behind the range (`/api/usage/export`, streamed, newest first). */
export function UsageExportLinks({ range }: { range: string }) {
  return (
    <>
      <a href={`/api/usage/export?format=csv&range=${range}`} className={buttonClassName("secondary", "sm")} download>
        Export CSV
      </a>
      <a href={`/api/usage/export?format=json&range=${range}`} className={buttonClassName("secondary", "sm")} download>
        Export JSON
      </a>
    </>
  );
}
