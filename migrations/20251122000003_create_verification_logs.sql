-- Every verification request made against a capture.
CREATE TABLE verification_logs (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    capture_id  UUID REFERENCES captures(id),
    action      TEXT NOT NULL,
    client_ip   INET,
    user_agent  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_verification_logs_capture ON verification_logs(capture_id);

COMMENT ON TABLE verification_logs IS 'Audit log of verification requests.';
