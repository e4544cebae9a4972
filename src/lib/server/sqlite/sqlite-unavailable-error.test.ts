import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { firstLineOf } from "./sqlite-unavailable-error";

describe("firstLineOf", () => {
  it("names an ABI mismatch, which native errors only explain on later lines", () => {
    const error = new Error(
      "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling",
    );
    assert.equal(firstLineOf(error), "it was built for another Node.js version (module ABI 115, this Node.js needs 137)");
  });

  it("keeps only the first line of other errors", () => {
    assert.equal(firstLineOf(new Error("Could not locate the bindings file\n  at require stack")), "Could not locate the bindings file");
  });
});
