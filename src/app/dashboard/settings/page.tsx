import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BackupPanel } from "@/components/settings/backup-panel";
import { GlobalProxyForm } from "@/components/settings/global-proxy-form";
import { IpFilterForm } from "@/components/settings/ip-filter-form";
import { LoggingRetentionForm } from "@/components/settings/logging-retention-form";
import { PasswordForm } from "@/components/settings/password-form";
import { PricingOverrides, type BillingMode, type PriceEntry } from "@/components/settings/pricing-overrides";
import { RequireLoginForm } from "@/components/settings/require-login-form";
import { SystemPromptForm } from "@/components/settings/system-prompt-form";
import { ThinkingBudgetForm, type ThinkingPolicy } from "@/components/settings/thinking-budget-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadSettingsView } from "./settings-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings · omniroute" };

const SECTIONS = [
  ["password", "Password"],
  ["login", "Login"],
  ["ip-filter", "IP filter"],
  ["thinking", "Thinking"],
  ["system-prompt", "System prompt"],
  ["proxy", "Outbound proxy"],
  ["logging", "Logging"],
  ["pricing", "Pricing"],
  ["backup", "Backup"],
] as const;

export default function SettingsPage() {
  const view = loadSettingsView();
  const header = <PageHeader title="Settings" description="Dashboard access, what omniroute adds to requests, how it reaches providers, what it keeps and what it charges." />;
  if (view === undefined) {
    return (
      <>
        {header}
        <Notice tone="warn">The engine is not attached: start omniroute with npm start to change settings.</Notice>
      </>
    );
  }
  return (
    <>
      {header}
      <nav aria-label="Settings sections" className="-mt-2">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`} className="text-accent underline-offset-2 hover:underline">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Section id="password" title="Password" description="Changing it logs out every other browser.">
        <PasswordForm />
      </Section>
      <Section id="login" title="Login">
        <RequireLoginForm requireLogin={view.login.requireLogin} loopbackBind={view.login.loopbackBind} />
      </Section>
      <Section id="ip-filter" title="IP filter" description="Which client addresses may use /v1 and the dashboard. Rules that would refuse your own address are refused.">
        <IpFilterForm initial={{ mode: view.ipFilter.mode, cidrs: [...view.ipFilter.cidrs], trustedProxies: [...view.ipFilter.trustedProxies] }} />
      </Section>
      <Section id="thinking" title="Thinking budget" description="How much reasoning models may do, whatever the client asks. Each model's own limits still apply.">
        <ThinkingBudgetForm initial={{ global: view.thinking.global as ThinkingPolicy, perModel: view.thinking.perModel as Record<string, ThinkingPolicy> }} />
      </Section>
      <Section id="system-prompt" title="System prompt">
        <SystemPromptForm initial={{ ...view.systemPrompt }} />
      </Section>
      <Section id="proxy" title="Outbound proxy" description="How omniroute reaches providers. Per-provider proxies are set on the Providers page.">
        <GlobalProxyForm initial={view.proxy.global} isSocks5Enabled={view.isSocks5Enabled} />
      </Section>
      <Section id="logging" title="Logging and retention">
        <LoggingRetentionForm initial={{ usageRetentionDays: view.logging.usageRetentionDays, requestLogs: { ...view.logging.requestLogs }, enabledByEnvironment: view.logging.enabledByEnvironment }} />
      </Section>
      <Section id="pricing" title="Pricing" description="Costs on the Usage page and budgets use these prices. Rows already recorded keep their cost.">
        <PricingOverrides
          models={view.pricing.models as Record<string, PriceEntry>}
          billing={view.pricing.billing as Record<string, BillingMode>}
          defaults={view.pricing.defaults as unknown as Record<string, PriceEntry>}
        />
      </Section>
      <Section id="backup" title="Backup and restore" description={<>The configuration lives in <code className="font-mono">{view.dataDir}/db.json</code>.</>}>
        <BackupPanel />
      </Section>
    </>
  );
}

function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card id={id} title={title} description={description} className="scroll-mt-24">
      {children}
    </Card>
  );
}
