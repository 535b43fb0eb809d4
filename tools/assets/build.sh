#!/usr/bin/env bash
# Update the vendored browser assets (GraphiQL, React, graphql-ws, json-editor):
#   1. change the exact versions in package.json, then `npm install --ignore-scripts`
#      to rewrite package-lock.json (resolved tarball + sha512 integrity of each package);
#   2. run this script: `npm ci` installs exactly the lock, failing on any integrity
#      mismatch, and build.mjs copies the files into gateway/http/static/vendor;
#   3. commit package.json, package-lock.json and gateway/http/static/vendor.
# Needs node and npm (the npm registry) only here; tests and the gateway never do.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
node build.mjs
