-- What the assistant notes on a lead for the salespeople: the customer's
-- trade-in (app.Troca as JSON) and last haggle (app.Negociacao as JSON).
ALTER TABLE leads ADD COLUMN troca TEXT;
ALTER TABLE leads ADD COLUMN negociacao TEXT;
