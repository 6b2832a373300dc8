/** Odoo's datetime format, always UTC: "YYYY-MM-DD HH:MM:SS". */
export function formatOdooDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/**
 * A calendar date ("2025-03-14") as an Odoo datetime: noon UTC, so that the date shown is the same in
 * every timezone from UTC-11 to UTC+11. Returns undefined for anything that is not a date.
 */
export function dateToOdooDatetime(date: string | null | undefined): string | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const d = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : formatOdooDatetime(d);
}
