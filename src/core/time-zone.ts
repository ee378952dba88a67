/** Whether Intl knows `tz` as an IANA time zone (e.g. `Africa/Tripoli`). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
