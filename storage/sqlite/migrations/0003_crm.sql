-- Contacts (leads), their messages and the assistant's conversation state.
-- Times are Unix milliseconds (UTC), so they sort and compare as numbers.
CREATE TABLE leads (
	phone            TEXT PRIMARY KEY,
	nome             TEXT NOT NULL DEFAULT '',
	nome_busca       TEXT NOT NULL DEFAULT '',  -- folded nome, for q
	status           TEXT NOT NULL DEFAULT 'novo',
	interesse        TEXT NOT NULL DEFAULT '[]', -- JSON list of vehicle ids
	visita           TEXT,                       -- JSON app.Visita
	primeiro_contato INTEGER NOT NULL,
	ultimo_contato   INTEGER NOT NULL,
	mensagens        INTEGER NOT NULL DEFAULT 0,
	humano_ate       INTEGER                     -- handed to a person until then
);
CREATE INDEX leads_ultimo_contato ON leads (ultimo_contato DESC);
CREATE INDEX leads_status ON leads (status, ultimo_contato DESC);

CREATE TABLE messages (
	id        INTEGER PRIMARY KEY,
	phone     TEXT NOT NULL REFERENCES leads (phone) ON DELETE CASCADE,
	direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	author    TEXT NOT NULL,
	kind      TEXT NOT NULL,
	text      TEXT NOT NULL,
	wa_id     TEXT NOT NULL DEFAULT '',
	ts        INTEGER NOT NULL
);
CREATE INDEX messages_phone ON messages (phone, id);

CREATE TABLE conversations (
	key        TEXT PRIMARY KEY,
	state      BLOB NOT NULL,
	updated_at INTEGER NOT NULL
);
