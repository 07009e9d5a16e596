import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_018_ca_signatures',
  sql: `
-- Signatures by the signer's own certificate through the hospital's CA (prescriptions/signing.ts):
-- the doctor's certificate in sig_certificate, its issuers in sig_chain and the CA's timestamp
-- token in sig_timestamp; the pharmacist's signature over the review (review_signature); the
-- code printed on the prescription to check both (verification_code). Prescriptions signed
-- before had a key the gateway derived itself: they no longer verify (SIGNATURE_INVALID).
ALTER TABLE prescriptions
  ADD COLUMN sig_chain jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN sig_timestamp text NOT NULL DEFAULT '',
  ADD COLUMN review_signature jsonb,
  ADD COLUMN verification_code text;
CREATE UNIQUE INDEX prescriptions_verification_code ON prescriptions (verification_code) WHERE verification_code IS NOT NULL;
DROP TRIGGER prescriptions_record_kept ON prescriptions;
CREATE TRIGGER prescriptions_record_kept BEFORE UPDATE ON prescriptions FOR EACH ROW
  WHEN ((OLD.id, OLD.consult_id, OLD.patient_id, OLD.doctor_user_id, OLD.idempotency_key, OLD.created_at, OLD.number)
        IS DISTINCT FROM (NEW.id, NEW.consult_id, NEW.patient_id, NEW.doctor_user_id, NEW.idempotency_key, NEW.created_at, NEW.number)
    OR (OLD.verification_code IS NOT NULL AND NEW.verification_code IS DISTINCT FROM OLD.verification_code)
    OR NEW.version < OLD.version
    OR (NEW.version = OLD.version
        AND (OLD.content, OLD.sig_algorithm, OLD.sig_value, OLD.sig_certificate, OLD.sig_chain, OLD.sig_timestamp, OLD.signed_at)
            IS DISTINCT FROM (NEW.content, NEW.sig_algorithm, NEW.sig_value, NEW.sig_certificate, NEW.sig_chain, NEW.sig_timestamp, NEW.signed_at))
    OR (OLD.status IN ('completed', 'cancelled', 'expired') AND NEW.status IS DISTINCT FROM OLD.status))
  EXECUTE FUNCTION ihkit_refuse('a signed prescription changes only by a revision, and an ended one not at all');
`,
} satisfies Migration;
