# Shared set-up for scripts/plan, scripts/test and .ci/run; sourced, not run.
# Installs what the build needs when it is missing, and keeps one build cache outside the clone.

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/callwright/target}"
CALLWRIGHT_VENV="${CALLWRIGHT_VENV:-$HOME/.cache/callwright/venv}"

say() { printf '==> %s\n' "$*" >&2; }

have_libclang() {
  [ -n "${LIBCLANG_PATH:-}" ] && return 0
  ldconfig -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so'
}

# HiGHS (through good_lp) compiles from C++ source with cmake and generates its bindings with
# bindgen, which needs libclang. Install both from Debian when we can, else from PyPI.
ensure_build_tools() {
  if command -v cmake >/dev/null 2>&1 && have_libclang; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing cmake and libclang (apt-get)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake libclang1 >&2
  else
    say "installing cmake and libclang (pip, into $HOME/.cache/callwright/buildtools)"
    local tools="$HOME/.cache/callwright/buildtools"
    [ -x "$tools/bin/cmake" ] || { python3 -m venv "$tools" && "$tools/bin/pip" install -q cmake libclang >&2; }
    export PATH="$tools/bin:$PATH"
    LIBCLANG_PATH="$(echo "$tools"/lib/python3*/site-packages/clang/native)"
    export LIBCLANG_PATH
  fi
}

# The Python virtual environment with maturin, numpy, pytest and the test extras. It is
# (re)installed only when python/requirements-dev.txt changes.
ensure_venv() {
  local req=python/requirements-dev.txt stamp="$CALLWRIGHT_VENV/.requirements"
  [ -x "$CALLWRIGHT_VENV/bin/python" ] || { say "creating $CALLWRIGHT_VENV"; python3 -m venv "$CALLWRIGHT_VENV"; }
  if ! cmp -s "$req" "$stamp"; then
    say "installing Python test requirements"
    "$CALLWRIGHT_VENV/bin/pip" install -q --upgrade pip >&2
    "$CALLWRIGHT_VENV/bin/pip" install -q -r "$req" >&2
    cp "$req" "$stamp"
  fi
  export VIRTUAL_ENV="$CALLWRIGHT_VENV"
  export PATH="$CALLWRIGHT_VENV/bin:$PATH"
}

# Debian's chromium, for the headless-browser test of the HTML report (tests/report_html.rs).
# Installed in CI (CI=true) when missing and we are root; elsewhere that test's browser part
# reports that it did not run.
ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium (apt-get) for the HTML report test"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  fi
}
