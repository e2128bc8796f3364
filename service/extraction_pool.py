"""Article extraction in a small pool of worker processes, each task with a hard time limit.

Extraction is CPU work inside C code (lxml) that a pathological page (megabytes of deeply
nested tags) can keep busy for many seconds, and a thread cannot be stopped: a timed-out
thread would go on burning a core and holding a worker thread. A process can be killed.
pebble's `ProcessPool` kills the worker running a task that passes its timeout (or whose
caller gave up) and starts a replacement, so one bad page costs at most the time limit.

Workers come from a `forkserver` (never plain `fork`: the service process runs threads
and an event loop; the fork server is a fresh single-threaded process) and build their
own plugin host from a `HostRecipe`, so third-party extractors and disabled plugins
behave as they do in the service. Documents come back pickled.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pebble import ProcessExpired, ProcessPool

from truthlens.document import Document
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.plugin_manager import BUILTIN_PLUGINS, PluginHost, create_plugin_host

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from truthlens.analysis import Analysis, Source
    from truthlens.pipeline import Pipeline
    from truthlens.settings import Settings

log = logging.getLogger(__name__)

HOOK = "extract_article"


@dataclass(frozen=True, slots=True)
class HostRecipe:
    """How to build, in a worker, the same plugins a host in the service process has."""

    disabled: tuple[str, ...] = ()
    builtins: tuple[str, ...] = BUILTIN_PLUGINS
    load_entry_points: bool = True

    @classmethod
    def of(cls, host: PluginHost, disabled: Iterable[str] = ()) -> HostRecipe:
        """The recipe of `host`: its built-in modules, whether it loaded entry points, and
        every plugin it blocked or that `disabled` names."""
        builtins = tuple(p.module for p in host.plugins if p.distribution is None)
        blocked = {p.name for p in host.plugins if p.status == "disabled"} | set(disabled)
        return cls(
            disabled=tuple(sorted(blocked)),
            builtins=builtins,
            load_entry_points=any(p.distribution is not None for p in host.plugins),
        )

    def build(self) -> PluginHost:
        return create_plugin_host(
            disabled=self.disabled,
            builtins=self.builtins,
            load_entry_points=self.load_entry_points,
        )


@dataclass(frozen=True, slots=True)
class _Failure:
    """The typed error of a task that overran its limit or whose worker died."""

    code: ErrorCode
    timed_out: str
    crashed: str


class ExtractionPool:
    """Runs the `extract_article` providers in worker processes, `timeout` seconds a page.

    The pool starts on first use (a worker needs about a second to import the plugins) and
    keeps `workers` processes warm until `aclose()`.
    """

    def __init__(
        self,
        recipe: HostRecipe,
        *,
        workers: int,
        timeout: float,
        settings: Settings | None = None,
    ) -> None:
        self.recipe = recipe
        self.workers = workers
        self.timeout = timeout
        self.settings = settings
        """What `analyze` needs in the workers (metric limit, weights); None: extraction only."""
        self._pool: ProcessPool | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    async def extract(self, html: str | bytes, url: str | None) -> Document | None:
        """The first Document a provider returns, or None when none could read the page.

        A page that takes longer than the limit, or a worker that dies, is EXTRACTION_FAILED;
        the worker is killed (or reaped) and replaced either way.
        """
        found: Document | None = await self._run(
            _extract,
            (html, url),
            self.timeout,
            _Failure(
                ErrorCode.EXTRACTION_FAILED,
                f"extraction took longer than {self.timeout:g} s; the page is too complex",
                "the extraction worker crashed on this page",
            ),
        )
        return found

    async def analyze(self, document: Document, source: Source) -> Analysis:
        """Split, write the headline and summary, and score `document` in a worker process.

        Each metric keeps its own time limit inside the worker (an overrunning one becomes
        an error score, as in-process); the whole task is killed only if it overruns
        `analysis_timeout`, for instance in a headline plugin that never returns.
        """
        if self.settings is None:
            raise RuntimeError("this pool was built for extraction only")
        limit = analysis_timeout(self.settings)
        analysis: Analysis = await self._run(
            _analyze,
            (document, source),
            limit,
            _Failure(
                ErrorCode.INTERNAL_ERROR,
                f"the analysis took longer than {limit:g} s",
                "the analysis worker crashed on this article",
            ),
        )
        return analysis

    async def _run(
        self, function: Callable[..., Any], args: tuple[Any, ...], limit: float, failure: _Failure
    ) -> Any:
        """`function(*args)` in a worker, killed past `limit` seconds; typed errors for both."""
        future = self._started().schedule(function, args=args, timeout=limit)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            # Workers that cannot even start (an unguarded main module, no memory): start
            # afresh on the next task rather than failing every task from now on.
            await self.aclose()
            raise
        except TimeoutError:
            raise AnalysisError(failure.code, failure.timed_out) from None
        except ProcessExpired as exc:
            log.error(
                "worker %s died in %s (exit code %s)", exc.pid, function.__name__, exc.exitcode
            )
            raise AnalysisError(failure.code, failure.crashed) from None

    async def aclose(self) -> None:
        """Stop the workers (a running extraction is abandoned) and wait for them to exit."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
            await asyncio.to_thread(pool.join)

    def _started(self) -> ProcessPool:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            # Imported once by the fork server (when this process's first pool starts
            # it), so a new or replacing worker skips importing lxml and trafilatura.
            # Each worker still re-runs the main script, as spawn does (Python 3.11's
            # fork server never preloads `__main__`): a program that builds a Pipeline
            # needs the `if __name__ == "__main__":` guard. The pipeline module is here
            # because every such main script imports it, SQLAlchemy and all.
            context.set_forkserver_preload(
                [__name__, *BUILTIN_PLUGINS, "truthlens.pipeline", "truthlens.cli"]
            )
            self._pool = ProcessPool(
                max_workers=self.workers,
                initializer=_start_worker,
                initargs=(self.recipe, self.settings),
                context=context,
            )
        return self._pool


# --- in the worker process ------------------------------------------------------------

_worker_host: PluginHost | None = None
_worker_pipeline: Pipeline | None = None


def analysis_timeout(settings: Settings) -> float:
    """The hard limit of one analysis task: room for every metric's own limit and more."""
    return 2 * settings.metric_timeout + 30.0


def _start_worker(recipe: HostRecipe, settings: Settings | None) -> None:
    global _worker_host, _worker_pipeline  # one host (and pipeline) per worker, built once
    _worker_host = recipe.build()
    if settings is not None:
        from truthlens.pipeline import Pipeline  # the pipeline module imports this one

        # analysis_workers=0: in here the pipeline analyzes in-process, never in a pool.
        local = settings.model_copy(update={"analysis_workers": 0})
        _worker_pipeline = Pipeline(_worker_host, local)
    log.debug("worker %d ready", os.getpid())


def _analyze(document: Document, source: Source) -> Analysis:
    assert _worker_pipeline is not None, "the pool initializer builds the pipeline"
    return asyncio.run(_worker_pipeline.analyze_document(document, source))


def _extract(html: str | bytes, url: str | None) -> Document | None:
    """Ask the providers in turn, as the service did in-process; a raising one is skipped."""
    assert _worker_host is not None, "the pool initializer builds the host"
    for provider in _worker_host.providers(HOOK):
        try:
            result = provider.call(html=html, url=url)
        except Exception:
            log.exception("plugin %s failed in %s; asking the next", provider.plugin, HOOK)
            continue
        if result is not None:
            # Anything else would fail to pickle or be refused by the host anyway.
            return result if isinstance(result, Document) else None
    return None
