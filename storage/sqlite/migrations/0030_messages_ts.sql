-- The panel counts each empresa's messages of the day: by time, then direction.
CREATE INDEX messages_ts ON messages (ts, direction);
