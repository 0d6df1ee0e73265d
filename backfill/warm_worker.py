"""Imported once by the local pool's fork server: its workers are forked with the extractor's
modules and models already loaded (shared copy-on-write), instead of each loading them for seconds."""
from backfill.shard import warm_up

warm_up()
