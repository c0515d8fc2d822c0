-- Devices that capture media, with their attestation state.
-- gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp is kept as the tech spec has it.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TABLE devices (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    attestation_level   TEXT NOT NULL DEFAULT 'unverified',
    attestation_key_id  TEXT NOT NULL UNIQUE,
    attestation_chain   BYTEA,
    platform            TEXT NOT NULL,
    model               TEXT NOT NULL,
    has_lidar           BOOLEAN NOT NULL DEFAULT false,
    first_seen_at       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_seen_at        TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_devices_attestation_key ON devices(attestation_key_id);

COMMENT ON TABLE devices IS 'Devices registered through platform attestation.';
COMMENT ON COLUMN devices.attestation_level IS 'How far the device''s attestation was verified.';
COMMENT ON COLUMN devices.attestation_chain IS 'The attestation certificate chain, DER-encoded.';
