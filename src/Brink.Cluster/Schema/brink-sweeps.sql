-- Brink's sweeps (docs/cluster.md): one row per sweep, one row per finished chunk. Re-runnable.
CREATE TABLE IF NOT EXISTS brink_sweeps
(
    id text PRIMARY KEY,
    kind text NOT NULL,                    -- simulate | sensitivity
    spec text NOT NULL,                    -- JSON: the request (scenario text included) and the chunk size
    status text NOT NULL,                  -- running | done | failed | cancelled
    chunks_total integer NOT NULL,
    chunks_done integer NOT NULL DEFAULT 0,
    result text NULL,                      -- the --format json document, byte for byte
    notices text NULL,                     -- notices for stderr, one per line
    error text NULL,
    coordinator text NULL,                 -- the silo that last coordinated the sweep
    retries integer NOT NULL DEFAULT 0,    -- chunk attempts that failed and were run again
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz NULL
);

CREATE TABLE IF NOT EXISTS brink_sweep_chunks
(
    sweep_id text NOT NULL REFERENCES brink_sweeps (id) ON DELETE CASCADE,
    chunk integer NOT NULL,
    payload bytea NOT NULL,               -- the chunk's outputs (ChunkCodec)
    silo text NOT NULL,
    seconds double precision NOT NULL,    -- compute time of the chunk on that silo
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sweep_id, chunk)
);
