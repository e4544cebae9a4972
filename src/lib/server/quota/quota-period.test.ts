import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calendarPeriodOf } from "./quota-period";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("calendarPeriodOf (UTC, no daylight saving)", () => {
  it("daily at hour H: before H the window started yesterday at H", () => {
    const window = { kind: "daily" as const, resetHour: 7 };
    const before = calendarPeriodOf(window, at("2026-03-29T06:59:59.999Z"));
    assert.deepEqual([iso(before.startsAt), iso(before.resetsAt)], ["2026-03-28T07:00:00.000Z", "2026-03-29T07:00:00.000Z"]);
    const onTheHour = calendarPeriodOf(window, at("2026-03-29T07:00:00.000Z"));
    assert.deepEqual([iso(onTheHour.startsAt), iso(onTheHour.resetsAt)], ["2026-03-29T07:00:00.000Z", "2026-03-30T07:00:00.000Z"]);
    // 2026-03-29 is a DST change in Europe: UTC windows stay 24 h long.
    assert.equal(onTheHour.resetsAt - onTheHour.startsAt, 86_400_000);
  });

  it("daily defaults to midnight UTC", () => {
    const period = calendarPeriodOf({ kind: "daily" }, at("2026-01-01T23:00:00Z"));
    assert.deepEqual([iso(period.startsAt), iso(period.resetsAt)], ["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"]);
  });

  it("weekly on a weekday at an hour", () => {
    // 2026-12-02 is a Wednesday (3). Reset Wednesdays 09:00.
    const window = { kind: "weekly" as const, resetWeekday: 3, resetHour: 9 };
    const wednesdayMorning = calendarPeriodOf(window, at("2026-12-02T08:00:00Z"));
    assert.deepEqual([iso(wednesdayMorning.startsAt), iso(wednesdayMorning.resetsAt)], ["2026-11-25T09:00:00.000Z", "2026-12-02T09:00:00.000Z"]);
    const wednesdayLater = calendarPeriodOf(window, at("2026-12-02T09:00:00Z"));
    assert.deepEqual([iso(wednesdayLater.startsAt), iso(wednesdayLater.resetsAt)], ["2026-12-02T09:00:00.000Z", "2026-12-09T09:00:00.000Z"]);
    const saturday = calendarPeriodOf(window, at("2026-12-05T12:00:00Z"));
    assert.equal(iso(saturday.startsAt), "2026-12-02T09:00:00.000Z");
  });

  it("weekly defaults to Monday 00:00", () => {
    const period = calendarPeriodOf({ kind: "weekly" }, at("2026-12-06T23:59:59Z")); // a Sunday
    assert.deepEqual([iso(period.startsAt), iso(period.resetsAt)], ["2026-11-30T00:00:00.000Z", "2026-12-07T00:00:00.000Z"]);
  });

  it("monthly on a day, across year ends and short months", () => {
    const window = { kind: "monthly" as const, resetDay: 15, resetHour: 12 };
    const before = calendarPeriodOf(window, at("2026-01-15T11:59:59Z"));
    assert.deepEqual([iso(before.startsAt), iso(before.resetsAt)], ["2025-12-15T12:00:00.000Z", "2026-01-15T12:00:00.000Z"]);
    const after = calendarPeriodOf(window, at("2026-01-15T12:00:00Z"));
    assert.deepEqual([iso(after.startsAt), iso(after.resetsAt)], ["2026-01-15T12:00:00.000Z", "2026-02-15T12:00:00.000Z"]);
    const february = calendarPeriodOf({ kind: "monthly", resetDay: 28 }, at("2026-02-28T00:00:00Z"));
    assert.deepEqual([iso(february.startsAt), iso(february.resetsAt)], ["2026-02-28T00:00:00.000Z", "2026-03-28T00:00:00.000Z"]);
    const december = calendarPeriodOf({ kind: "monthly" }, at("2026-12-31T23:00:00Z"));
    assert.deepEqual([iso(december.startsAt), iso(december.resetsAt)], ["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
  });
});
