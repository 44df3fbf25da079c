"""The offline voice's server: ``python -m ssri_docs.speech.espeak_server LANGUAGE RATE``.

Started by ``espeak.EspeakEngine`` with exec, so it is a clean single-threaded process.
It initialises espeak-ng once, then for each sentence forks a child that synthesises
it from that initialised state and exits: every sentence is a "first synthesis",
which is what makes the speech bit-identical between runs (see ``espeak.py``).

Protocol on stdin/stdout: first a JSON line ``{"version", "sample_rate"}`` (or
``{"error", "hint", "kind"}``); then, per request, a 4-byte big-endian length and the
UTF-8 text in; one status byte (0 ok), a 4-byte length and the int16 samples (or an
error message) out. End of input ends the server.
"""

from __future__ import annotations

import json
import os
import sys

from ..errors import BuildError, InternalError, SourceError, UserError
from .espeak import EspeakLibrary, read_exactly


def synthesise_in_child(library: EspeakLibrary, text: str) -> bytes:
    """Synthesise ``text`` in a forked child, from the library's initialised state."""
    if not hasattr(os, "fork"):  # Windows: the same speech, but not bit-identical
        return library.synthesise_here(text)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one synthesis, then exit without any clean-up code
        status = 1
        try:
            os.close(read_end)
            view = memoryview(library.synthesise_here(text))
            while view:
                view = view[os.write(write_end, view) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the offline voice failed while saying {text[:60]!r}")
    return data


def _reply(out, status: int, payload: bytes) -> None:
    out.write(bytes([status]) + len(payload).to_bytes(4, "big") + payload)
    out.flush()


def main(argv: list[str] | None = None) -> int:
    language, words_per_minute = (argv or sys.argv[1:])[:2]
    requests, out = sys.stdin.buffer, sys.stdout.buffer
    try:
        library = EspeakLibrary(language, int(words_per_minute))
    except UserError as error:
        kind = (
            "settings"  # the parent names the site.yaml the settings came from
            if isinstance(error, SourceError)
            else "build"
            if isinstance(error, BuildError)
            else "user"
        )
        greeting = {"error": error.message, "hint": error.hint, "kind": kind}
        out.write(json.dumps(greeting).encode() + b"\n")
        out.flush()
        return 1
    greeting = {"version": library.version, "sample_rate": library.sample_rate}
    out.write(json.dumps(greeting).encode() + b"\n")
    out.flush()
    while True:
        try:
            length = int.from_bytes(read_exactly(requests, 4), "big")
            text = read_exactly(requests, length).decode("utf-8")
        except EOFError:
            return 0
        try:
            _reply(out, 0, synthesise_in_child(library, text))
        except (RuntimeError, UserError, InternalError) as error:
            _reply(out, 1, str(error).encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
