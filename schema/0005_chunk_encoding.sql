-- How a chunk's plaintext is encoded before it is sealed: 'plain', or 'lz4' (an LZ4
-- block preceded by its decoded length, 4 bytes little-endian). Text items are
-- compressed: an import writes about half the bytes, and every byte written costs
-- a seal, SQLCipher's page encryption, the WAL and the checkpoint. The encoding is
-- also bound into the chunk's associated data, so changing it here makes the chunk
-- fail to open rather than decode as something else.
ALTER TABLE item_chunks ADD COLUMN encoding TEXT NOT NULL DEFAULT 'plain' CHECK (encoding IN ('plain', 'lz4'));
ALTER TABLE item_raw_chunks ADD COLUMN encoding TEXT NOT NULL DEFAULT 'plain' CHECK (encoding IN ('plain', 'lz4'));
