"""An extractor that misbehaves when a page asks it to, for the extraction worker tests.

A page carries its instruction in a comment:
- `<!-- unruly:hang PATH -->` writes the worker's pid to PATH, then never returns;
- `<!-- unruly:crash -->` ends its own process abruptly;
- `<!-- unruly:pid -->` returns an article that names the process it ran in.
Any other page is passed on to the next extractor.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from truthlens import Document, hookimpl

__version__ = "0.1.0"

_INSTRUCTION = re.compile(r"<!-- unruly:(hang|crash|pid)(?: ([^ ]+))? -->")
PID_TEXT = "This article was extracted in process {pid}, and the process said so plainly."


@hookimpl
def extract_article(html: str | bytes, url: str | None) -> Document | None:
    page = html.decode("latin-1") if isinstance(html, bytes) else html
    found = _INSTRUCTION.search(page[:500])
    if found is None:
        return None
    what, argument = found.groups()
    if what == "hang":
        Path(argument).write_text(str(os.getpid()))
        while True:
            time.sleep(60)
    if what == "crash":
        os._exit(70)
    return Document(text=PID_TEXT.format(pid=os.getpid()), url=url)
