import type { Metadata } from "next";
import { KeysManager } from "@/components/keys/keys-manager";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadKeysView } from "./keys-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Keys · omniroute" };

export default function KeysPage() {
  const view = loadKeysView();
  if (view === undefined) {
    return (
      <>
        <PageHeader title="Client keys" />
        <Notice tone="warn">The engine is not attached: start omniroute with npm start to manage keys.</Notice>
      </>
    );
  }
  return (
    <KeysManager
      keys={view.keys}
      budgets={view.budgets}
      modelChoices={view.modelChoices}
      notice={
        view.requireApiKey === false ? (
          <Notice tone="info">This gateway currently accepts /v1 requests without a key (loopback only). Keys still work and keep usage apart per tool.</Notice>
        ) : undefined
      }
    />
  );
}
