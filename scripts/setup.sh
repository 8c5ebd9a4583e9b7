#!/usr/bin/env bash
# Make sure the machine has what wangge needs: a venv with the package, and for the
# test suite Debian's Chromium, a CJK font and Java. Safe to run again: it skips what is there.
#   scripts/setup.sh          the package alone (what the demo needs)
#   scripts/setup.sh --test   also the test tools, Chromium, fonts and Java (Spark)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: please install ${missing[*]} (needs root: apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "setup: installing ${missing[*]} from Debian's packages" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "setup: wangge needs Python 3.11 or newer as '$PY'" >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv .venv 2>/dev/null || { apt_install python3-venv && rm -rf .venv && "$PY" -m venv .venv; }
fi

# the demo needs the package alone; the tests also need the dev tools and Spark
target="."
[[ $want_test -eq 1 ]] && target=".[dev,spark]"
stamp=".venv/.wangge-installed-$want_test"
digest=$(sha256sum pyproject.toml | cut -c1-16)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$digest" ]]; then
  echo "setup: installing wangge ($target) into .venv (the first time takes a few minutes)" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e "$target"
  echo "$digest" > "$stamp"
fi

# LightGBM (the churn model) runs on OpenMP
ldconfig -p 2>/dev/null | grep -q libgomp.so.1 || apt_install libgomp1

if [[ $want_test -eq 1 ]]; then
  apt_install chromium fonts-wqy-microhei
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
fi
