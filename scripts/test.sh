#!/usr/bin/env bash
# Runs every test of minhbach: formatting, lints, Rust unit and integration tests,
# then browser and accessibility tests of the built example site.
# Installs what it needs when missing: Debian's chromium (never a downloaded browser)
# and the npm packages of tests/browser.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test"
cargo test --quiet

step "prepare browser tests (Debian chromium, npm packages) and build the example site"
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium package"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
# The paper tests read printed PDFs (poppler-utils) and decode their QR codes (zbar-tools).
if ! command -v zbarimg >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  echo "installing Debian's zbar-tools and poppler-utils packages"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq zbar-tools poppler-utils >/dev/null
fi
if [ ! -d tests/browser/node_modules/@playwright/test ] || [ ! -d tests/browser/node_modules/@axe-core/playwright ]; then
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
cargo run --quiet -- build --today 2026-11-22 --out "$site/public"
# The hostile fixture (script payloads in every field) laid over the valid one, for hostile.spec.mjs.
mkdir "$site/hostile-src"
cp -R tests/fixtures/valid/. tests/hostile/builds/. "$site/hostile-src/"
cargo run --quiet -- build --root "$site/hostile-src" --today 2026-11-22 --out "$site/hostile"

step "search accuracy (the site's search.js under Node)"
MINHBACH_SITE="$site/public" node --test --test-reporter=spec tests/search/

step "browser and accessibility tests"
(cd tests/browser && MINHBACH_SITE="$site/public" MINHBACH_HOSTILE_SITE="$site/hostile" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test)
