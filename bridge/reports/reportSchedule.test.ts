import { describe, expect, it } from "vitest";
import {
  dueReport,
  firstSlotFrom,
  nextSlot,
  type ReportSchedule,
  scheduleFromSettings,
} from "./reportSchedule.ts";
import { zonedToUtc } from "./zonedTime.ts";

const berlin = (frequency: ReportSchedule["frequency"], time = "07:00", weekday = 0): ReportSchedule => ({
  enabled: true,
  frequency,
  time,
  weekday,
  time_zone: "Europe/Berlin",
  recipients: ["finance@example.com"],
});
const at = (iso: string) => new Date(iso);

describe("report schedule", () => {
  it("places slots at the local time of day across daylight saving changes", () => {
    // 2026-03-29: Berlin goes from UTC+1 to UTC+2
    const s = berlin("daily");
    expect(firstSlotFrom(at("2026-03-28T05:00:00Z"), s).toISOString()).toBe("2026-03-28T06:00:00.000Z");
    expect(nextSlot(at("2026-03-28T06:00:00Z"), s).toISOString()).toBe("2026-03-29T05:00:00.000Z");
    expect(
      zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Berlin").toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
  });

  it("is due from the last report actually sent, every 3 days and weekly on the weekday", () => {
    const three = berlin("every_3_days", "18:30");
    const last = { slot: at("2026-11-20T17:30:00Z"), periodEnd: at("2026-11-20T17:30:00Z") };
    expect(dueReport(three, last, at("2026-11-01T00:00:00Z"), at("2026-11-23T17:29:59Z"))).toBeNull();
    const due = dueReport(three, last, at("2026-11-01T00:00:00Z"), at("2026-11-23T17:30:00Z"));
    expect(due).toEqual({
      slot: at("2026-11-23T17:30:00Z"),
      periodStart: last.periodEnd,
      periodKey: "2026-11-23",
    });
    // weekly on Friday (4) 07:00: the first after the anchor (Wed 2026-11-18) is Fri 2026-11-20
    const weekly = berlin("weekly", "07:00", 4);
    const first = dueReport(weekly, null, at("2026-11-18T10:00:00Z"), at("2026-11-20T06:00:00Z"));
    expect(first?.periodKey).toBe("2026-11-20");
    expect(first?.periodStart.toISOString()).toBe("2026-11-13T06:00:00.000Z");
  });

  it("covers missed periods with one report when no worker ran for days (nothing skipped, nothing twice)", () => {
    const s = berlin("daily");
    const last = { slot: at("2026-11-16T06:00:00Z"), periodEnd: at("2026-11-16T06:00:00Z") };
    const due = dueReport(s, last, at("2026-11-01T00:00:00Z"), at("2026-11-20T09:00:00Z"));
    expect(due?.slot.toISOString()).toBe("2026-11-20T06:00:00.000Z");
    expect(due?.periodStart).toEqual(last.periodEnd);
  });

  it("reads the schedule from the mirrored settings and turns off anything malformed", () => {
    expect(scheduleFromSettings({ reports: { ...berlin("daily") } })?.time).toBe("07:00");
    expect(scheduleFromSettings({ reports: { ...berlin("daily"), time_zone: "Mars/Olympus" } })).toBeNull();
    expect(scheduleFromSettings({ reports: { ...berlin("daily"), recipients: [] } })).toBeNull();
    expect(scheduleFromSettings({ reports: { ...berlin("daily"), enabled: false } })).toBeNull();
    expect(scheduleFromSettings({})).toBeNull();
  });
});
