/**
 * How long records are kept is the database's rule (gw_016_retention: ihkit_retention_period,
 * ihkit_retained): medical records 15 years from the patient's last visit, chat and media 3
 * years, nothing deleted while its patient is on legal hold. Rows get their `retain_until` from
 * it as they are written.
 */
export type RetentionClass = 'medical_record' | 'chat_media';

/** SQL for the retain_until of a row of class `cls` written at `at` (a parameter such as `$6`). */
export function retainUntil(cls: RetentionClass, at: string): string {
  return `ihkit_retain_until('${cls}', ${at}::timestamptz)`;
}
