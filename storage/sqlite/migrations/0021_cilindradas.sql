-- A moto's engine size in cc (empresas of nicho motos); 0 when not given.
ALTER TABLE vehicles ADD COLUMN cilindradas INTEGER NOT NULL DEFAULT 0 CHECK (cilindradas >= 0);
