"""The package's own YAML data files (interface text, message catalogues, vocabularies).

They are read with LibYAML where PyYAML has it: the pure-Python parser took a fifth of a CI
rebuild's time on these files alone. Editors' files go through load/yamlfile.py instead, which
keeps line numbers for error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
