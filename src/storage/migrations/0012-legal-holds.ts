import { sql, type Kysely } from 'kysely';

/**
 * Legal holds (issue #5 point 7): a hold on a party or an account stops retention from deleting its
 * records until it is released. A hold is evidence of a legal obligation, so it is never deleted and
 * released only once: a trigger refuses DELETE and any UPDATE other than the one release, so not even a
 * bug in a repository (or a hand-written statement) can quietly lift one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE legal_holds (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      subject_type text NOT NULL CHECK (subject_type IN ('party', 'account')),
      subject_id uuid NOT NULL,
      reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
      set_by text NOT NULL,
      set_at timestamptz NOT NULL,
      released_by text,
      released_at timestamptz,
      release_reason text CHECK (char_length(release_reason) BETWEEN 1 AND 1000),
      CHECK (
        (released_at IS NULL AND released_by IS NULL AND release_reason IS NULL)
        OR (released_at IS NOT NULL AND released_by IS NOT NULL AND release_reason IS NOT NULL)
      )
    )`.execute(db);
  // Retention asks "is this subject held?" once per account it considers: active holds by subject.
  await sql`
    CREATE INDEX legal_holds_active_subject_idx ON legal_holds (tenant_id, subject_type, subject_id)
    WHERE released_at IS NULL`.execute(db);
  await sql`CREATE INDEX legal_holds_tenant_idx ON legal_holds (tenant_id, set_at, id)`.execute(db);

  await sql`
    CREATE FUNCTION legal_holds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'legal holds are never deleted' USING ERRCODE = 'restrict_violation';
      END IF;
      IF OLD.released_at IS NOT NULL
         OR NEW.id <> OLD.id OR NEW.tenant_id <> OLD.tenant_id
         OR NEW.subject_type <> OLD.subject_type OR NEW.subject_id <> OLD.subject_id
         OR NEW.reason <> OLD.reason OR NEW.set_by <> OLD.set_by OR NEW.set_at <> OLD.set_at THEN
        RAISE EXCEPTION 'a legal hold is changed only by its one release' USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER legal_holds_guard BEFORE UPDATE OR DELETE ON legal_holds
    FOR EACH ROW EXECUTE FUNCTION legal_holds_guard()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE legal_holds`.execute(db);
  await sql`DROP FUNCTION legal_holds_guard()`.execute(db);
}
