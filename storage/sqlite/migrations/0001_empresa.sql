-- The empresa's own metadata, so that the folder describes itself and can be
-- adopted by another appliance. Exactly one row.
CREATE TABLE empresa (
	singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
	id          INTEGER NOT NULL,
	data        TEXT NOT NULL,      -- app.Empresa as JSON
	updated_at  TEXT NOT NULL
);
