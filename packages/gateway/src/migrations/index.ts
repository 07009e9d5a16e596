/**
 * The tables the gateway owns, one file per migration (named as applied; the order below is
 * the order they are applied in). Applied with the adapters' migrations by the db module's
 * `migrate`. A migration once released is never edited: its checksum is kept (db/index.ts).
 */
import { demoMigrations, labStoreMigrations, type Migration } from '@ihkit/adapters';
import gw_001_users from './gw_001_users.js';
import gw_002_audit_log from './gw_002_audit_log.js';
import gw_003_consults from './gw_003_consults.js';
import gw_004_prescriptions from './gw_004_prescriptions.js';
import gw_005_video from './gw_005_video.js';
import gw_006_video_recording from './gw_006_video_recording.js';
import gw_007_critical_alerts from './gw_007_critical_alerts.js';
import gw_008_sessions_rate_limits from './gw_008_sessions_rate_limits.js';
import gw_009_refund_outbox from './gw_009_refund_outbox.js';
import gw_010_audit_refusals from './gw_010_audit_refusals.js';
import gw_011_prescription_numbers from './gw_011_prescription_numbers.js';
import gw_012_family_consent from './gw_012_family_consent.js';
import gw_013_staff_identity from './gw_013_staff_identity.js';
import gw_014_payment_providers from './gw_014_payment_providers.js';
import gw_015_audit_chain from './gw_015_audit_chain.js';
import gw_016_retention from './gw_016_retention.js';
import lis_900_gateway_retention from './lis_900_gateway_retention.js';
import gw_017_regulator_events from './gw_017_regulator_events.js';
import gw_018_ca_signatures from './gw_018_ca_signatures.js';
import gw_020_booking_fees from './gw_020_booking_fees.js';
import gw_021_reschedule from './gw_021_reschedule.js';
import gw_022_chronic_care from './gw_022_chronic_care.js';
import gw_024_insurance from './gw_024_insurance.js';
import gw_025_signature_requests from './gw_025_signature_requests.js';
import gw_027_care_retention from './gw_027_care_retention.js';
import gw_028_organizations from './gw_028_organizations.js';
import gw_029_access_grants from './gw_029_access_grants.js';
import gw_031_questionnaires from './gw_031_questionnaires.js';
import gw_032_articles from './gw_032_articles.js';
import gw_033_audit_chains from './gw_033_audit_chains.js';
import gw_034_video_sfu from './gw_034_video_sfu.js';
import gw_035_remote_consultations from './gw_035_remote_consultations.js';
import gw_036_referrals from './gw_036_referrals.js';
import gw_037_remote_consultation_reports from './gw_037_remote_consultation_reports.js';
import gw_038_reschedule_differences from './gw_038_reschedule_differences.js';
import gw_039_consult_insurance from './gw_039_consult_insurance.js';

/** Every migration a gateway applies: its own, its stored LIS's, and the demo hospital's when it uses it. */
export function migrationsOf(demoData: boolean): Migration[] {
  return [...gatewayMigrations, ...labStoreMigrations, ...(demoData ? demoMigrations : [])];
}

export const gatewayMigrations: Migration[] = [
  gw_001_users,
  gw_002_audit_log,
  gw_003_consults,
  gw_004_prescriptions,
  gw_005_video,
  gw_006_video_recording,
  gw_007_critical_alerts,
  gw_008_sessions_rate_limits,
  gw_009_refund_outbox,
  gw_010_audit_refusals,
  gw_011_prescription_numbers,
  gw_012_family_consent,
  gw_013_staff_identity,
  gw_014_payment_providers,
  gw_015_audit_chain,
  gw_016_retention,
  lis_900_gateway_retention,
  gw_017_regulator_events,
  gw_018_ca_signatures,
  gw_020_booking_fees,
  gw_021_reschedule,
  gw_022_chronic_care,
  gw_024_insurance,
  gw_025_signature_requests,
  gw_027_care_retention,
  gw_028_organizations,
  gw_029_access_grants,
  gw_031_questionnaires,
  gw_032_articles,
  gw_033_audit_chains,
  gw_034_video_sfu,
  gw_035_remote_consultations,
  gw_036_referrals,
  gw_037_remote_consultation_reports,
  gw_038_reschedule_differences,
  gw_039_consult_insurance,
];
