-- The empresa's inventory (estoque). Money is INTEGER centavos, never REAL.
-- The *_key and busca columns are written by Go (app.SearchKey, app.Fold),
-- because SQLite's lower() knows neither accents nor "HR-V" = "hrv".
-- Times are fixed-width UTC text (RFC 3339, nanoseconds), so they sort as text.
CREATE TABLE vehicles (
	id              INTEGER PRIMARY KEY,
	codigo          TEXT NOT NULL DEFAULT '',
	marca           TEXT NOT NULL,
	modelo          TEXT NOT NULL,
	versao          TEXT NOT NULL DEFAULT '',
	cor             TEXT NOT NULL DEFAULT '',
	descricao       TEXT NOT NULL DEFAULT '',
	ano_fabricacao  INTEGER NOT NULL,
	ano_modelo      INTEGER NOT NULL,
	preco           INTEGER NOT NULL CHECK (preco > 0),
	km              INTEGER NOT NULL CHECK (km >= 0),
	combustivel     TEXT NOT NULL,
	cambio          TEXT NOT NULL,
	categoria       TEXT NOT NULL,
	fotos           TEXT NOT NULL DEFAULT '[]', -- JSON array of URLs
	status          TEXT NOT NULL DEFAULT 'disponivel',
	criado_em       TEXT NOT NULL,
	atualizado_em   TEXT NOT NULL,
	marca_key       TEXT NOT NULL,
	modelo_key      TEXT NOT NULL,
	cor_key         TEXT NOT NULL DEFAULT '',
	busca           TEXT NOT NULL
);

-- codigo is optional; only the ones given must be unique.
CREATE UNIQUE INDEX vehicles_codigo ON vehicles (codigo) WHERE codigo <> '';

-- Nearly every listing filters on status (the assistant: disponivel), then
-- orders: one index per ordering, with id as the tie-breaker.
CREATE INDEX vehicles_status_preco ON vehicles (status, preco, id);
CREATE INDEX vehicles_status_ano ON vehicles (status, ano_modelo, id);
CREATE INDEX vehicles_status_km ON vehicles (status, km, id);
CREATE INDEX vehicles_status_recentes ON vehicles (status, criado_em, id);
-- The assistant's usual question names a marca and modelo.
CREATE INDEX vehicles_marca_modelo ON vehicles (marca_key, modelo_key, status);
CREATE INDEX vehicles_categoria ON vehicles (categoria, status);
