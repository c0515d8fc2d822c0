-- Media captures uploaded by devices, with the evidence gathered for them.
CREATE TABLE captures (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    device_id           UUID NOT NULL REFERENCES devices(id),
    target_media_hash   BYTEA NOT NULL UNIQUE,
    depth_map_key       TEXT,
    evidence            JSONB NOT NULL DEFAULT '{}',
    confidence_level    TEXT NOT NULL DEFAULT 'low',
    status              TEXT NOT NULL DEFAULT 'pending',
    captured_at         TIMESTAMPTZ NOT NULL,
    uploaded_at         TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_captures_hash ON captures USING hash(target_media_hash);
CREATE INDEX idx_captures_device ON captures(device_id);
CREATE INDEX idx_captures_status ON captures(status);

COMMENT ON TABLE captures IS 'Media captures and the evidence that they are real.';
COMMENT ON COLUMN captures.evidence IS 'Evidence checks (ADR-006: JSONB for evidence storage).';
