# Shared by scripts/run and scripts/test: installs what the build needs when it is missing,
# and builds the browser bundle. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_BINDGEN_VERSION="0.2.130"
TRUNK_VERSION="0.21.14"

# Tools cargo installs land in $CARGO_HOME/bin (~/.cargo/bin unless set otherwise).
export PATH="$ROOT/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
# leptos decides the wasm file name at compile time from this variable; the bundle Trunk
# builds is app_bg.wasm, which is what leptos expects only when it is unset.
unset LEPTOS_OUTPUT_NAME

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; run it as root or install sudo" >&2
    return 1
  fi
}

ensure_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    step "Installing Trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --features rustls --force
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
    step "Installing wasm-opt (binaryen 132) from npm"
    npm ci --prefix "$ROOT/tools" --no-audit --no-fund --silent
  fi
}

# schemathesis (PyPI), pinned, in its own virtual environment under target/ (the API's contract
# tests, contract/run.py).
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS="$ROOT/target/tools/schemathesis/bin/schemathesis"

ensure_schemathesis() {
  if [ "$("$SCHEMATHESIS" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
    step "Installing schemathesis $SCHEMATHESIS_VERSION from PyPI (once)"
    python3 -m venv --clear "$ROOT/target/tools/schemathesis"
    "$ROOT/target/tools/schemathesis/bin/pip" install --quiet --disable-pip-version-check \
      "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

build_bundle() {
  # Trunk builds with `offline = true`, so every crate of the lockfile (all targets, the wasm
  # ones included) must be in the cargo registry cache first; an empty cache fails otherwise.
  step "Fetching the crates the lockfile names (all targets)"
  (cd "$ROOT" && cargo fetch --locked)
  step "Building the browser bundle (Trunk, release)"
  (cd "$ROOT" && trunk build --release)
  # Served pre-compressed by the server (ServeDir::precompressed_br / _gzip): brotli at its
  # best quality through Node's zlib (Node is needed anyway), gzip for the rest.
  gzip -kf9 "$ROOT"/target/site/pkg/{app.js,app_bg.wasm,main.css}
  node "$ROOT/scripts/brotli.mjs" "$ROOT"/target/site/pkg/{app.js,app_bg.wasm,main.css}
}
