-- The sandbox transport's pairing (VENDEAI_WHATSAPP=sandbox): kept in the
-- empresa's own file like whatsmeow's credentials, so a restart restores it.
CREATE TABLE sandbox_device (
	singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
	phone      TEXT NOT NULL,
	push_name  TEXT NOT NULL,
	paired_at  TEXT NOT NULL
);
