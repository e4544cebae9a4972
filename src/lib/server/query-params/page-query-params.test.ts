import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeKeysetCursor, MAX_QUERY_TEXT, queryInstant, queryKeysetCursor, queryPageLimit, queryText } from "./page-query-params";

describe("page query params", () => {
  it("reads text, instants, a limit and a cursor, and says what is wrong with each bad one", () => {
    const problems: string[] = [];
    const params = new URLSearchParams({ provider: "openai", since: "2026-11-30T00:00:00Z", until: "1764460800000", limit: "20", cursor: "1764460800000.42" });
    assert.equal(queryText(params, "provider", problems), "openai");
    assert.equal(queryText(params, "absent", problems), undefined);
    assert.equal(queryInstant(params, "since", problems), Date.UTC(2026, 10, 30));
    assert.equal(queryInstant(params, "until", problems), 1_764_460_800_000);
    assert.equal(queryPageLimit(params, problems, 500), 20);
    assert.deepEqual(queryKeysetCursor(params, problems), { at: 1_764_460_800_000, id: 42 });
    assert.deepEqual(problems, []);
  });

  it("defaults the limit and lists every problem by parameter name", () => {
    const problems: string[] = [];
    assert.equal(queryPageLimit(new URLSearchParams(), problems, 500), 50);
    const bad = new URLSearchParams({ model: "m".repeat(MAX_QUERY_TEXT + 1), since: "yesterday", limit: "501", cursor: "1.2.3" });
    queryText(bad, "model", problems);
    queryInstant(bad, "since", problems);
    queryPageLimit(bad, problems, 500);
    queryKeysetCursor(bad, problems);
    assert.deepEqual(
      problems.map((problem) => problem.split(":")[0]),
      ["model", "since", "limit", "cursor"],
    );
    assert.ok(problems.every((problem) => !problem.includes("yesterday")), "nothing from the input is echoed");
  });

  it("decodes only well-formed cursors", () => {
    assert.deepEqual(decodeKeysetCursor("5.6"), { at: 5, id: 6 });
    for (const cursor of ["", "5", "5.", ".6", "a.b", "5.6.7", "1".repeat(17) + ".1"]) assert.equal(decodeKeysetCursor(cursor), undefined, cursor);
  });
});
