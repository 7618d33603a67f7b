-- Why the session must not come back by itself at boot: the owner
-- disconnected it (user_logout), another client took it (error 440) or
-- WhatsApp refused this client version. Empty when restore may reconnect.
CREATE TABLE session_hold (
	singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
	reason      TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
