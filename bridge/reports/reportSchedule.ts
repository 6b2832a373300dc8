import { z } from "zod";
import { addDays, isTimeZone, localDateKey, localParts, zonedToUtc } from "./zonedTime.ts";

export const reportFrequencies = ["daily", "every_3_days", "weekly"] as const;
export type ReportFrequency = (typeof reportFrequencies)[number];
const stepDays: Record<ReportFrequency, number> = { daily: 1, every_3_days: 3, weekly: 7 };

/**
 * The report settings as Odoo sends them in `settings.updated` (`data.reports`). Anything malformed
 * disables the schedule rather than guessing.
 */
export const reportScheduleSchema = z.object({
  enabled: z.boolean(),
  frequency: z.enum(reportFrequencies),
  /** Local time of day, `HH:MM`. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** For weekly reports: 0 = Monday ... 6 = Sunday. */
  weekday: z.number().int().min(0).max(6).default(0),
  time_zone: z.string().refine(isTimeZone, "an IANA time zone"),
  recipients: z.array(z.string().email()).default([]),
});
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

/** A company's schedule from its mirrored settings, or null when reports are off or malformed. */
export function scheduleFromSettings(values: unknown): ReportSchedule | null {
  const reports = (values as { reports?: unknown } | null)?.reports;
  const parsed = reportScheduleSchema.safeParse(reports);
  if (!parsed.success || !parsed.data.enabled || parsed.data.recipients.length === 0) return null;
  return parsed.data;
}

function slotOn(day: { year: number; month: number; day: number }, s: ReportSchedule): Date {
  const [hour, minute] = s.time.split(":").map(Number) as [number, number];
  return zonedToUtc({ ...day, hour, minute }, s.time_zone);
}

const weekdayOf = (day: { year: number; month: number; day: number }) =>
  (new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() + 6) % 7;

/** The first slot at or after `from` (for weekly schedules, on the configured weekday). */
export function firstSlotFrom(from: Date, s: ReportSchedule): Date {
  const start = localParts(from, s.time_zone);
  for (let i = 0; i < 15; i++) {
    const day = addDays(start, i);
    if (s.frequency === "weekly" && weekdayOf(day) !== s.weekday) continue;
    const slot = slotOn(day, s);
    if (slot.getTime() >= from.getTime()) return slot;
  }
  throw new Error("no report slot found within two weeks");
}

/** The slot after `previous`: `step` local days later at the configured time (weekly: on the weekday). */
export function nextSlot(previous: Date, s: ReportSchedule): Date {
  const day = localParts(previous, s.time_zone);
  if (s.frequency === "weekly") {
    for (let i = 1; i <= 7; i++) {
      const d = addDays(day, i);
      if (weekdayOf(d) === s.weekday) return slotOn(d, s);
    }
  }
  return slotOn(addDays(day, stepDays[s.frequency]), s);
}

export interface DueReport {
  /** The slot the report is for: its period ends here. */
  slot: Date;
  periodStart: Date;
  /** `2026-11-21`: the local date of the slot, unique per company. */
  periodKey: string;
}

/**
 * Whether a report is due, decided from the last one actually recorded (`last`, its slot and period
 * end) or, before the first, from when the schedule was first seen (`anchor`). When several slots
 * passed while no worker ran, one report covers them all (from the last period's end to the latest
 * slot): nothing is skipped and nothing is sent twice.
 */
export function dueReport(
  s: ReportSchedule,
  last: { slot: Date; periodEnd: Date } | null,
  anchor: Date,
  now: Date,
): DueReport | null {
  let slot = last ? nextSlot(last.slot, s) : firstSlotFrom(anchor, s);
  if (slot.getTime() > now.getTime()) return null;
  for (let next = nextSlot(slot, s); next.getTime() <= now.getTime(); next = nextSlot(slot, s)) slot = next;
  const periodStart = last
    ? last.periodEnd
    : new Date(slot.getTime() - stepDays[s.frequency] * 24 * 3600 * 1000);
  return { slot, periodStart, periodKey: localDateKey(slot, s.time_zone) };
}
