import type { Metadata } from "next";
import { CombosManager } from "@/components/combos/combos-manager";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { listCombos } from "@/lib/server/services/combos/list-combos";
import { listModelChoices } from "../dashboard-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Combos · omniroute" };

export default function CombosPage() {
  const runtime = findRuntime() as HostRuntime | undefined;
  const header = (
    <PageHeader
      title="Combos"
      description="Model names that route to several targets in order, with automatic fallback when one fails, is rate limited or cooling down."
    />
  );
  if (runtime?.configDb === undefined) {
    return (
      <>
        {header}
        <Notice tone="warn">The engine is not attached: start omniroute with npm start to manage combos.</Notice>
      </>
    );
  }
  const snapshot = runtime.configStore.getSnapshot();
  // Combos cannot contain combos: only provider models are offered as targets.
  const modelChoices = listModelChoices([], [...snapshot.providers.values()]);
  return (
    <>
      <CombosManager combos={listCombos({ configDb: runtime.configDb })} modelChoices={modelChoices} requireApiKey={snapshot.settings.requireApiKey} />
    </>
  );
}
