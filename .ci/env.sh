# Shared by .ci/demo and .ci/test: find a Python >= 3.12 and make .venv with ddsim in it.
# Source it: `. .ci/env.sh [EXTRAS]`. It sets $PY to the venv's python.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  local candidates=()
  [ -n "${DDSIM_PYTHON:-}" ] && candidates+=("$DDSIM_PYTHON")
  candidates+=(python3.13 python3.12 python3 python)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root)
    candidates+=("$root"/versions/3.13*/bin/python "$root"/versions/3.12*/bin/python)
  fi
  for c in "${candidates[@]}"; do
    local exe; exe=$(command -v "$c" 2>/dev/null) || continue
    if "$exe" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$exe"; return 0
    fi
  done
  return 1
}

extras="${1:-}"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  base=$(find_python) || {
    echo "ddsim needs Python 3.12 or newer (Mesa 3.5 does). None was found on PATH or under pyenv." >&2
    echo "Install one (e.g. 'pyenv install 3.12') or point DDSIM_PYTHON at it." >&2
    exit 2
  }
  echo "Using $base ($("$base" --version)) to make .venv" >&2
  rm -rf .venv
  "$base" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
PY=.venv/bin/python
# Into .venv only: ddsim (editable) and its Python packages (with EXTRAS). pip's
# own chatter is kept in a log, shown only if the install fails.
echo "Installing ddsim${extras:+[$extras]} and its Python packages into .venv" >&2
log=$(mktemp)
if ! $PY -m pip install --quiet -e ".${extras:+[$extras]}" >"$log" 2>&1 || ! $PY -c 'import ddsim'; then
  cat "$log" >&2
  rm -f "$log"
  echo "installing ddsim failed (pip's messages above)" >&2
  exit 1
fi
rm -f "$log"
