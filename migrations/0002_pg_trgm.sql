-- Trigram similarity for matching product descriptions inside PostgreSQL (trusted extension).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
