import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_032_articles',
  sql: `
-- Health education (健康宣教, articles/): the hospital's articles, written in Markdown by a doctor
-- or an administrator and kept with the sanitized HTML the gateway made of it. Each edit adds a
-- version (article_versions) and the article points at its latest; a version is never changed, so
-- what a patient read stays readable. Tags: conditions as ICD-10 codes, departments as the HIS's
-- department ids. The care team assigns articles in a plan (care_plan_articles; removing one keeps
-- the row with removed_at), and the patient's reads are receipts per plan, article and version.
CREATE TABLE articles (
  id              text PRIMARY KEY,
  organization_id text NOT NULL DEFAULT 'home',
  version         int NOT NULL CHECK (version > 0),
  conditions      text[] NOT NULL,
  departments     text[] NOT NULL,
  created_by      text NOT NULL REFERENCES users(id),
  idempotency_key text NOT NULL,
  published_at    timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  withdrawn_at    timestamptz,
  withdrawn_by    text REFERENCES users(id),
  UNIQUE (created_by, idempotency_key)
);
CREATE INDEX articles_conditions ON articles USING gin (conditions) WHERE withdrawn_at IS NULL;
CREATE INDEX articles_departments ON articles USING gin (departments) WHERE withdrawn_at IS NULL;
CREATE TABLE article_versions (
  article_id      text NOT NULL REFERENCES articles(id),
  version         int NOT NULL,
  organization_id text NOT NULL DEFAULT 'home',
  title           text NOT NULL,
  summary         text NOT NULL,
  markdown        text NOT NULL,
  html            text NOT NULL,
  written_by      text NOT NULL REFERENCES users(id),
  written_at      timestamptz NOT NULL,
  PRIMARY KEY (article_id, version)
);
CREATE TABLE care_plan_articles (
  plan_id         text NOT NULL REFERENCES care_plans(id),
  article_id      text NOT NULL REFERENCES articles(id),
  organization_id text NOT NULL DEFAULT 'home',
  assigned_by     text REFERENCES users(id),
  assigned_at     timestamptz NOT NULL,
  removed_at      timestamptz,
  PRIMARY KEY (plan_id, article_id)
);
CREATE TABLE article_reads (
  plan_id         text NOT NULL REFERENCES care_plans(id),
  article_id      text NOT NULL,
  version         int NOT NULL,
  organization_id text NOT NULL DEFAULT 'home',
  patient_id      text NOT NULL,
  read_by         text NOT NULL REFERENCES users(id),
  read_at         timestamptz NOT NULL,
  PRIMARY KEY (plan_id, article_id, version),
  FOREIGN KEY (article_id, version) REFERENCES article_versions(article_id, version)
);
`,
} satisfies Migration;
