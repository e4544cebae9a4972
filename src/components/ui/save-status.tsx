import type { SaveState } from "./use-save";

/** The outcome of the last save, next to the submit button: announced politely, errors assertively. */
export function SaveStatus({ state }: { state: SaveState }) {
  if (state.status === "saved") {
    return (
      <p role="status" className="text-sm text-ok">
        {state.message}
      </p>
    );
  }
  if (state.status === "error") {
    return (
      <p role="alert" className="text-sm text-danger">
        {state.message}
      </p>
    );
  }
  return <p role="status" className="sr-only" />;
}
