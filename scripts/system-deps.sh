#!/usr/bin/env bash
# Installs the Debian packages the tool (and, with the argument "test", its tests) use, only when missing.
# Usage: scripts/system-deps.sh [run|test]
# tesseract-ocr(-swe): OCR of scanned PDFs; poppler-utils: pdftoppm for rendering checks in tests;
# fonts-dejavu-core: the Unicode font the sample corpus and test fixtures are rendered with;
# libpango*/libharfbuzz-subset0: WeasyPrint's text layout for PDF reports (with the DejaVu font);
# chromium: the browser the web tests drive through Playwright (never `playwright install`);
# npm (Debian's, unless a Node.js with npm is already installed): fetches axe-core for the accessibility tests.
set -euo pipefail
packages=(tesseract-ocr tesseract-ocr-swe libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
# python3-venv: Debian's python3 ships venv without ensurepip, so `python3 -m venv` fails until it is installed
python3 -c "import ensurepip" 2>/dev/null || packages+=(python3-venv)
[ "${1:-run}" = test ] && packages+=(poppler-utils chromium)
[ "${1:-run}" = test ] && ! command -v npm >/dev/null && packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Saknar systempaket: ${missing[*]} (installera dem med din pakethanterare)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installerar systempaket: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
