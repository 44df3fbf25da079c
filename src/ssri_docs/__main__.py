"""Allow ``python -m ssri_docs``."""

from .cli import run

# Guarded: a worker process started with "spawn" imports this module again (as
# __mp_main__) and must not run a second build, which would wait on the first's lock.
if __name__ == "__main__":
    run()
