"""Importing this module loads WeasyPrint as ``load_weasyprint`` does, its libraries
opened by soname: for the workers' fork server, which preloads modules by name
(``article_jobs.preload_for``) and would otherwise import ``weasyprint`` directly.
"""

from . import load_weasyprint

load_weasyprint()
