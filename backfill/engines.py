"""Where the per-file function runs: a local process pool, or a Dask distributed cluster.

Both yield (task, result or exception) as files finish, and keep only a bounded number of files in
flight, so the client's memory does not grow with the number of files.
"""
from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from backfill.shard import warm_up

WARM_MODULE = "backfill.warm_worker"
IN_FLIGHT_PER_WORKER = 2  # one running and one queued, so a worker never waits for the client

Outcome = Iterator[tuple[object, object]]


class SchedulerUnreachable(Exception):
    """The Dask scheduler given could not be reached."""


class DaskNotInstalled(SchedulerUnreachable):
    """The Dask engine was asked for, but Dask (the `dask` extra) is not installed."""


class LocalEngine:
    """A pool of worker processes on this machine."""

    name = "local"

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "LocalEngine":
        self._pool = self._new_pool()
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver, not fork: the client holds a DuckDB connection and threads that a fork would copy;
        # the server itself preloads the extractor once, so new workers start warm
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([WARM_MODULE])
        return ProcessPoolExecutor(self.workers, mp_context=context)

    def run(self, func: Callable, tasks: Sequence) -> Outcome:
        """Run func on every task; yield (task, result or exception) in completion order."""
        pending = list(reversed(tasks))
        running = {}  # future -> (task, the pool it runs in)
        while pending or running:
            while pending and len(running) < self.workers * IN_FLIGHT_PER_WORKER:
                task = pending.pop()
                running[self._pool.submit(func, task)] = (task, self._pool)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                task, pool = running.pop(fut)
                exc = fut.exception()
                if isinstance(exc, BrokenProcessPool) and pool is self._pool:
                    # a worker died (killed, out of memory): the files in flight fail, the run goes on
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._new_pool()
                yield task, exc if exc is not None else fut.result()


class DaskEngine:
    """A Dask distributed cluster: the one at ADDRESS, or a local one of N worker processes."""

    name = "dask"

    def __init__(self, address: str | None, workers: int):
        self.address = address
        self.workers = workers
        self._cluster = None
        self._client = None

    def __enter__(self) -> "DaskEngine":
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise DaskNotInstalled("the dask engine needs Dask, an optional part of infratrack: "
                                   "pip install 'infratrack[dask]' (make install includes it)") from exc

        logging.getLogger("distributed").setLevel(logging.ERROR)
        if self.address is None:
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         host="127.0.0.1", dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            try:  # waits as long as Dask's distributed.comm.timeouts.connect (30 s unless configured)
                self._client = Client(self.address)
            except (OSError, TimeoutError, ValueError) as exc:
                raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {self.address}: {exc}") from exc
            self.workers = max(1, sum(self._client.nthreads().values()))
        # every worker loads the models now, side by side; one that cannot will fail its files with the reason
        self._client.run(warm_up, on_error="ignore")
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, func: Callable, tasks: Sequence) -> Outcome:
        """Run func on every task on the cluster; yield (task, result or exception) in completion order."""
        from distributed import as_completed

        pending = list(reversed(tasks))
        owner = {}

        def submit():
            task = pending.pop()
            # pure=False: the same path may hold new content on a later run; never reuse a result
            fut = self._client.submit(func, task, pure=False)
            owner[fut.key] = task
            return fut

        queue = as_completed([submit() for _ in range(min(len(pending), self.workers * IN_FLIGHT_PER_WORKER))])
        for fut in queue:
            task = owner.pop(fut.key)
            if fut.status == "finished":
                outcome = fut.result()
            else:  # error (KilledWorker when workers died on it), or cancelled
                outcome = fut.exception() if fut.status == "error" else RuntimeError(f"task {fut.status}")
            fut.release()
            if pending:
                queue.add(submit())
            yield task, outcome
