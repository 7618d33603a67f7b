-- Living with WhatsApp as it is (issue 12). A lead is keyed by the
-- canonical form of its number (a Brazilian mobile with its ninth digit);
-- jid is the exact JID WhatsApp delivers the contact's messages from.
ALTER TABLE leads ADD COLUMN jid TEXT NOT NULL DEFAULT '';
-- when the contact last wrote (NULL: never; the store wrote first)
ALTER TABLE leads ADD COLUMN ultima_entrada INTEGER;
-- when the store last wrote to the contact while it had never written
ALTER TABLE leads ADD COLUMN abordado_em INTEGER;
-- where the contact came from: anuncio, link, direto or loja; origem holds
-- the whole app.Origem as JSON when there is more than the tipo
ALTER TABLE leads ADD COLUMN origem_tipo TEXT NOT NULL DEFAULT 'direto';
ALTER TABLE leads ADD COLUMN origem TEXT;

UPDATE leads SET ultima_entrada =
	(SELECT MAX(ts) FROM messages m WHERE m.phone = leads.phone AND m.direction = 'in');
-- Until now a lead was keyed by the number WhatsApp delivered it from.
UPDATE leads SET jid = phone || '@s.whatsapp.net' WHERE ultima_entrada IS NOT NULL;
UPDATE leads SET origem_tipo = 'loja'
	WHERE (SELECT direction FROM messages m WHERE m.phone = leads.phone ORDER BY id LIMIT 1) = 'out';

CREATE INDEX leads_origem ON leads (origem_tipo, ultimo_contato DESC);
CREATE INDEX leads_abordado_em ON leads (abordado_em) WHERE abordado_em IS NOT NULL;

-- Every merge of two leads into one (the ninth digit; a LID resolved).
CREATE TABLE lead_merges (
	id        INTEGER PRIMARY KEY,
	de        TEXT NOT NULL,
	para      TEXT NOT NULL,
	mensagens INTEGER NOT NULL,
	motivo    TEXT NOT NULL,
	em        INTEGER NOT NULL
);
