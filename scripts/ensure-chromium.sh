#!/usr/bin/env bash
# Install Debian's chromium for the HTML report's browser test (tests/test_report_html_browser.py)
# when it is missing. Quiet, idempotent and never fatal: without chromium that test skips and
# says why, and the rest of the suite runs as before.
set -u

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: chromium is missing; install it (apt-get install chromium) to run the browser test" >&2
    exit 0
fi
echo "ensure-chromium: installing Debian's chromium for the browser test" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq chromium; } >/dev/null 2>&1; then
    echo "ensure-chromium: could not install chromium; the browser test will skip" >&2
fi
exit 0
