#!/usr/bin/env bash
# Set up everything this project needs, then serve, build, test or benchmark it.
#
#   bash scripts/run.sh serve    # http://127.0.0.1:8000
#   bash scripts/run.sh build    # the complete site (both languages, PDF books) in site/
#   bash scripts/run.sh test     # every test
#   bash scripts/run.sh setup    # set-up only
#
# Set-up is idempotent and quick once done: Debian packages (Chromium, Noto CJK fonts, poppler) when
# missing, a virtual environment in .venv from requirements.txt, and `npm ci` for Mermaid, the web
# font and axe-core.
set -euo pipefail

cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1

DEBIAN_PACKAGES=(chromium fonts-noto-cjk poppler-utils nodejs npm)

setup_debian() {
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    # npm/node may come from elsewhere (nvm, the image): only the commands matter.
    case $pkg in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_python() {
  local stamp=.venv/.requirements.sha
  local want
  want=$(sha256sum requirements.txt | cut -d' ' -f1)
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing Python packages from requirements.txt"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -r requirements.txt
    echo "$want" > "$stamp"
  fi
}

setup_node() {
  local stamp=node_modules/.lock.sha
  local want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing front-end assets from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}

setup() {
  setup_debian
  setup_python
  setup_node
}

case "${1:-}" in
  setup) setup ;;
  serve) setup; exec .venv/bin/mkdocs serve -a 127.0.0.1:8000 ;;
  build) setup; exec .venv/bin/mkdocs build ;;
  test) setup; shift; exec .venv/bin/python -m pytest "$@" ;;
  *) echo "usage: bash scripts/run.sh setup|serve|build|test [pytest args]" >&2; exit 2 ;;
esac
