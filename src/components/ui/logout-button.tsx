"use client";

import { useState } from "react";
import { Button } from "./button";

/** Clears the session cookie (POST /api/auth/logout) and goes to the login page. */
export function LogoutButton() {
  const [isPending, setIsPending] = useState(false);
  async function logout() {
    setIsPending(true);
    try {
      await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" });
    } finally {
      window.location.assign("/login");
    }
  }
  return (
    <Button variant="ghost" size="sm" onClick={logout} isPending={isPending}>
      Log out
    </Button>
  );
}
