#!/usr/bin/env bash
# npm run image:test: builds the image from the Dockerfile (test/image/build.sh), then runs the
# image's cases inside it (test/image/*.test.ts). Run as root. See README "Development".
set -euo pipefail
case "${1:-}" in
  "") ;;
  --help | -h)
    echo "usage: npm run image:test"
    echo
    echo "Builds the image with npm run image:build (its --help tells how), then starts the function"
    echo "in it as its config says, as UID 1000, and runs test/image/*.test.ts against it."
    exit 0
    ;;
  *)
    echo "unknown option: $1" >&2
    echo "(npm run image:test -- --help for the options)" >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/../.."
image=$(bash test/image/build.sh | tail -n 1)
FN_IMAGE=$image exec node --import tsx --test --test-concurrency=1 test/image/*.test.ts
