"""Another process that claims speech-cache entries (``speech/claims.py``), for the tests.

    python claim_holder.py CACHE SECONDS [FROM_CACHE] < KEYS

Claims each key read from standard input (one per line) in the cache at CACHE, prints
"held", waits SECONDS, then copies those entries from FROM_CACHE into CACHE (when
given; otherwise it stores nothing, like a process that died), and ends, its claims
ending with it.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from ssri_docs.speech.cache_folder import recording_path, sentence_path
from ssri_docs.speech.claims import Claims


def main() -> None:
    cache, seconds = Path(sys.argv[1]), float(sys.argv[2])
    source = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    keys = sys.stdin.read().split()
    claims = Claims(cache)
    if not all(claims.take(key) for key in keys):
        sys.exit("a key was claimed already")
    print("held", flush=True)
    time.sleep(seconds)
    if source is None:
        return
    for key in keys:
        for where in (sentence_path, recording_path):
            if where(source, key).exists():
                target = where(cache, key)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(where(source, key), target.with_suffix(".part"))
                target.with_suffix(".part").replace(target)  # whole, as the cache writes


if __name__ == "__main__":
    main()
