"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiResult } from "./api-request";

export type SaveState = { status: "idle" } | { status: "pending" } | { status: "saved"; message: string } | { status: "error"; message: string };

/**
 * Runs one mutation and tracks its state for a form: pending while it runs, the server's error message, or a
 * "saved" message; on success the server components re-read their data (router.refresh).
 */
export function useSave() {
  const router = useRouter();
  const [state, setState] = useState<SaveState>({ status: "idle" });
  async function save<Data>(action: () => Promise<ApiResult<Data>>, savedMessage = "Saved."): Promise<ApiResult<Data>> {
    setState({ status: "pending" });
    const result = await action();
    if (result.ok) {
      setState({ status: "saved", message: savedMessage });
      router.refresh();
    } else {
      setState({ status: "error", message: result.message });
    }
    return result;
  }
  return { state, save, isPending: state.status === "pending", setState };
}
