import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { buttonClassName } from "@/components/ui/button";
import { formatCompact, formatInteger, formatUsd } from "@/components/usage/format-usage";
import type { SessionRow } from "@/app/dashboard/sessions/load-sessions-view";
import { formatAge } from "./format-age";

const TOOL_LABEL: Record<string, string> = { "claude-cli": "Claude Code", codex: "Codex", "gemini-cli": "Gemini CLI", other: "Other client" };
const SOURCE_LABEL: Record<string, string> = {
  "x-claude-code-session-id": "Claude Code session id",
  "session-id": "session-id header",
  "conversation-id": "conversation-id header",
  "x-session-id": "x-session-id header",
  "metadata.user_id": "metadata.user_id",
  prompt_cache_key: "prompt_cache_key",
  fingerprint: "prompt fingerprint",
};

/** Live client sessions, most recent first: which tool, which key, how much it used, which account it sticks to. */
export function SessionsTable({ sessions, now }: { sessions: SessionRow[]; now: number }) {
  return (
    <DataTable
      caption="Active sessions, most recent first"
      dense
      rows={sessions}
      rowKey={(session) => session.fingerprint}
      empty={
        <EmptyState
          title="No active sessions"
          description="A session starts with a client's first request (Claude Code and Codex send their own session id; other clients are told apart by how the conversation began) and ends after it has been idle for a while."
          action={<Link prefetch={false} href="/dashboard" className={buttonClassName("primary", "md")}>Set up a client</Link>}
        />
      }
      columns={[
        {
          key: "session",
          header: "Session",
          cell: (session) => (
            <span className="grid gap-0.5">
              <Link prefetch={false} href={`/dashboard/logs?session=${session.fingerprint}&range=30d`} className="font-mono text-xs text-accent underline-offset-2 hover:underline" aria-label={`Requests of session ${session.fingerprint}`}>
                {session.fingerprint}
              </Link>
              <span className="text-[11px] text-muted">{SOURCE_LABEL[session.source] ?? session.source}</span>
            </span>
          ),
        },
        { key: "tool", header: "Client", cell: (session) => <StatusBadge tone={session.clientTool === "other" ? "neutral" : "info"}>{TOOL_LABEL[session.clientTool] ?? session.clientTool}</StatusBadge> },
        { key: "key", header: "Key", className: "hidden md:table-cell", cell: (session) => session.apiKeyName ?? <span className="text-muted">none</span> },
        {
          key: "seen",
          header: "Last seen",
          cell: (session) => (
            <span className="grid gap-0.5" title={`first ${new Date(session.firstSeenAt).toISOString()}, last ${new Date(session.lastSeenAt).toISOString()}`}>
              <span>{formatAge(now - session.lastSeenAt)}</span>
              <span className="text-[11px] text-muted">started {formatAge(now - session.firstSeenAt)}</span>
            </span>
          ),
        },
        { key: "requests", header: "Requests", align: "right", cell: (session) => formatInteger(session.requests) },
        {
          key: "tokens",
          header: "Tokens in / out",
          align: "right",
          className: "hidden sm:table-cell",
          cell: (session) => (
            <span className="grid gap-0.5">
              <span>
                {formatCompact(session.tokens.input)} / {formatCompact(session.tokens.output)}
              </span>
              {session.tokens.cacheRead > 0 ? <span className="text-[11px] text-muted">{formatCompact(session.tokens.cacheRead)} from cache</span> : null}
            </span>
          ),
        },
        { key: "cost", header: "Cost", align: "right", cell: (session) => (session.costUsd === null ? <span className="text-muted">—</span> : formatUsd(session.costUsd)) },
        {
          key: "sticky",
          header: "Sticks to",
          className: "hidden lg:table-cell",
          cell: (session) =>
            session.stickyAccount ? (
              <span className="grid gap-0.5">
                <span>
                  {session.stickyAccount.providerId} / {session.stickyAccount.accountName}
                </span>
                {session.model ? <span className="text-[11px] text-muted">{session.model}</span> : null}
              </span>
            ) : (
              <span className="text-muted">not yet</span>
            ),
        },
      ]}
    />
  );
}
