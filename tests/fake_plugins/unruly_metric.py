"""A metric that misbehaves when the text asks it to, for the analysis worker tests.

- `unruly:hang` in the text: the metric never returns (its time limit must stop it);
- `unruly:crash`: ends its own process abruptly;
- otherwise it scores 5 and names the process it ran in, in its explanation.
"""

from __future__ import annotations

import os
import time

from truthlens import Document, Metric, MetricResult, hookimpl

__version__ = "0.1.0"


class WorkerPid(Metric):
    name = "worker_pid"
    label = "Worker process"
    description = "Names the process the metric ran in."
    version = "1"

    def score(self, document: Document) -> MetricResult:
        if "unruly:hang" in document.text:
            while True:
                time.sleep(60)
        if "unruly:crash" in document.text:
            os._exit(70)
        return MetricResult(5.0, f"scored in process {os.getpid()}")


@hookimpl
def register_metrics() -> list[Metric]:
    return [WorkerPid()]
