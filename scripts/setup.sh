#!/usr/bin/env bash
# Create the virtual environment and install ipflow with its test tools.
# Called by `make` the first time and whenever pyproject.toml changes.
set -euo pipefail
python="${1:-python3}"
venv="${2:-.venv}"

if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "ipflow needs Python >= 3.11; $python is $("$python" --version 2>&1)" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "ipflow: creating $venv ..."
  "$python" -m venv "$venv"
fi
echo "ipflow: installing dependencies into $venv (first run takes about a minute) ..."
log="$venv/install.log"
if ! "$venv/bin/python" -m pip install --disable-pip-version-check -q -e '.[dev]' >"$log" 2>&1; then
  grep -v "is ignored: it is neither a file nor a directory" "$log" >&2 || true
  echo "ipflow: installation failed (full log: $log)" >&2
  exit 1
fi
echo "ipflow: ready."
