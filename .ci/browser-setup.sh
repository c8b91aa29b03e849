#!/usr/bin/env bash
# Install what tests/test_html_browser.py needs: Debian's chromium and Playwright for Python.
# Usage: .ci/browser-setup.sh [PYTHON]   (default .venv/bin/python)
# Playwright drives the system chromium through executable_path; `playwright install` (which
# downloads its own browsers) is never run.
set -euo pipefail
python="${1:-.venv/bin/python}"

if [ ! -x /usr/bin/chromium ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser-setup: /usr/bin/chromium is missing and apt-get is not available;" \
         "install Chromium and set TIPCHECK_CHROMIUM to its path" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
fi

if ! "$python" -c "import playwright" 2>/dev/null; then
  "$python" -m pip install -q playwright
fi

/usr/bin/chromium --version 2>/dev/null || true
"$python" -c "from importlib.metadata import version; print('playwright', version('playwright'))"
