-- A capture's status is one of four states, and a verification request records the
-- platform of the client that made it, when the client says.
ALTER TABLE captures
    ADD CONSTRAINT captures_status_check
    CHECK (status IN ('pending', 'processing', 'complete', 'failed'));

CREATE TYPE device_platform AS ENUM ('ios', 'android');

ALTER TABLE verification_logs ADD COLUMN client_platform device_platform;

COMMENT ON COLUMN verification_logs.client_platform IS 'The platform the request came from, when the client said.';
