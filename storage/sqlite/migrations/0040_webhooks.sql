-- The empresa's own webhook (the global one lives in the registry) and the
-- outbox of deliveries to both: a delivery is written in the transaction of
-- the change it reports, so a stored event cannot be lost, and it travels
-- with the folder. Times are Unix milliseconds (UTC).
CREATE TABLE webhook (
	singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
	url           TEXT NOT NULL,
	segredo       TEXT NOT NULL,
	eventos       TEXT NOT NULL,             -- JSON list of event types
	ativo         INTEGER NOT NULL,
	by_admin      INTEGER NOT NULL,          -- set with the admin token: the host allow-list does not bind it
	atualizado_em INTEGER NOT NULL
);

-- Rows go in seq order, so n orders them as seq does (and the last row
-- holds the empresa's last seq, see nextSeq).
CREATE TABLE webhook_entregas (
	n                 INTEGER PRIMARY KEY,
	id                TEXT NOT NULL UNIQUE,  -- entregaId, kept across retries
	seq               INTEGER NOT NULL,      -- the event's; shared by its destinations
	evento            TEXT NOT NULL,
	destino           TEXT NOT NULL CHECK (destino IN ('empresa', 'global')),
	body              BLOB NOT NULL,         -- exactly what is POSTed
	status            TEXT NOT NULL CHECK (status IN ('pendente', 'entregue', 'falhou')),
	tentativas        INTEGER NOT NULL DEFAULT 0,
	ultimo_codigo     INTEGER,
	ultimo_erro       TEXT NOT NULL DEFAULT '',
	proxima_tentativa INTEGER,               -- set while pendente
	prazo             INTEGER NOT NULL,      -- a failure after it is final
	criado_em         INTEGER NOT NULL,
	entregue_em       INTEGER,
	atualizado_em     INTEGER NOT NULL       -- last change; pruning counts from it
);
CREATE INDEX webhook_entregas_pendentes ON webhook_entregas (destino, proxima_tentativa) WHERE status = 'pendente';
CREATE INDEX webhook_entregas_status ON webhook_entregas (status);
