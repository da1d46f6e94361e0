#!/usr/bin/env bash
# npm run image:build: builds the function's image from the repository's Dockerfile with buildah
# (daemonless: --isolation chroot, the vfs storage driver), on a machine with no Docker engine.
#
# When fnproject/node:22 and fnproject/node:22-dev are neither in buildah's storage nor pullable
# (Docker Hub is not reachable from these machines), it first makes a STAND-IN for them: Debian
# bookworm minbase (debootstrap, from the mirror this machine's apt configuration names) with the
# Node 22 binary of npm's `node@22` package in /usr/local/bin, plus npm in the -dev one, and an
# /etc/hosts. It is not the real base: another OS build, libc and package set, another Node 22
# patch release, no Fn-specific contents. See README "Development".
set -euo pipefail

usage() {
  cat <<'EOF'
usage: npm run image:build [-- --tag <name>]

Builds the image from ./Dockerfile with buildah (run as root; needs buildah, and debootstrap when
a stand-in base must be made). Prints the image's name on the last line.

  --tag <name>   the built image's name (default localhost/fn-streaming:test)
  --help         this text

Environment:
  FN_IMAGE_CACHE   where the debootstrap root filesystem is kept between runs
                   (default /var/tmp/fn-streaming-image)
  FN_IMAGE_NODE22  the Node 22 binary for a stand-in base
                   (default .ci/.node22/node_modules/.bin/node, npm's node@22 package)
EOF
}

fail_usage() {
  echo "$1" >&2
  echo "(npm run image:build -- --help for the options)" >&2
  exit 2
}

tag=localhost/fn-streaming:test
while [ $# -gt 0 ]; do
  case "$1" in
    --help | -h) usage; exit 0 ;;
    --tag)
      [ $# -ge 2 ] && [ -n "$2" ] || fail_usage "--tag needs an image name"
      tag=$2
      shift 2
      ;;
    --tag=*) tag=${1#--tag=}; [ -n "$tag" ] || fail_usage "--tag needs an image name"; shift ;;
    *) fail_usage "unknown option: $1" ;;
  esac
done

cd "$(dirname "$0")/../.."
repo=$PWD
# buildah 1.28 does not read STORAGE_DRIVER: every call names the driver (test/image/container.ts too).
buildah() { command buildah --storage-driver vfs "$@"; }
cache=${FN_IMAGE_CACHE:-/var/tmp/fn-streaming-image}
node22=${FN_IMAGE_NODE22:-$repo/.ci/.node22/node_modules/.bin/node}
base_runtime=docker.io/fnproject/node:22
base_dev=docker.io/fnproject/node:22-dev

[ "$(id -u)" -eq 0 ] || { echo "image:build runs buildah as root (chroot isolation, vfs storage); run it as root" >&2; exit 1; }
type -P buildah >/dev/null || { echo "buildah is not installed (Debian: apt-get install -y buildah debootstrap)" >&2; exit 1; }

# Whatever this script started is undone on any exit, Ctrl-C included.
containers=()
work=$(mktemp -d "${TMPDIR:-/tmp}/fn-image-build.XXXXXX")
clean_up() {
  local status=$?
  trap - EXIT INT TERM
  for ctr in "${containers[@]}"; do [ -z "$ctr" ] || buildah rm "$ctr" >/dev/null 2>&1 || true; done
  # An interrupted `buildah bud` leaves its working containers behind: remove the ones it made.
  if [ -n "${before_build:-}" ]; then
    for ctr in $(buildah containers --quiet --notruncate); do
      grep -qxF "$ctr" "$before_build" || buildah rm "$ctr" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap clean_up EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

have_image() { buildah inspect --type image "$1" >/dev/null 2>&1; }

# The first Debian mirror apt is configured with for bookworm (deb822 .sources or one-line lists).
apt_mirror() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk '
      /^[[:space:]]*$/ { if (uri != "" && suites ~ /(^| )bookworm( |$)/) { print uri; exit } uri = ""; suites = ""; next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { $1 = ""; suites = $0 " " }
      END { if (uri != "" && suites ~ /(^| )bookworm( |$)/) print uri }
    ' "$file"
  done | head -n 1
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' "$file"
  done | head -n 1
}

bookworm_rootfs() {
  local tarball=$cache/bookworm-minbase.tar
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { echo "debootstrap is not installed (Debian: apt-get install -y debootstrap)" >&2; exit 1; }
    local mirror
    mirror=$(apt_mirror | head -n 1)
    [ -n "$mirror" ] || { echo "no bookworm mirror in /etc/apt/sources.list(.d): cannot debootstrap a stand-in base" >&2; exit 1; }
    echo "debootstrap --variant=minbase bookworm from $mirror (kept in $tarball)" >&2
    mkdir -p "$cache"
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
      { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$work/rootfs"
  fi
  echo "$tarball"
}

# A stand-in base: the rootfs, Node 22, an /etc/hosts, and npm when asked for (the -dev image).
make_stand_in() {
  local name=$1 with_npm=$2 rootfs ctr mnt
  rootfs=$(bookworm_rootfs)
  [ -x "$node22" ] || { echo "no Node 22 binary at $node22: npm install --prefix .ci/.node22 --no-save node@22, or set FN_IMAGE_NODE22" >&2; exit 1; }
  case "$("$node22" --version)" in v22.*) ;; *) echo "$node22 is not Node 22" >&2; exit 1 ;; esac
  ctr=$(buildah from scratch)
  containers+=("$ctr")
  mnt=$(buildah mount "$ctr")
  tar -C "$mnt" -xf "$rootfs"
  install -m 0755 "$(readlink -f "$node22")" "$mnt/usr/local/bin/node"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$mnt/etc/hosts"
  if [ "$with_npm" = yes ]; then
    local npm_dir
    npm_dir=$(npm root -g)/npm
    mkdir -p "$mnt/usr/local/lib/node_modules"
    cp -a "$npm_dir" "$mnt/usr/local/lib/node_modules/npm"
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/local/bin/npx"
  fi
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --label "fn-streaming.stand-in=Debian bookworm minbase with npm's node@22 $("$node22" --version); not the real $name" "$ctr"
  buildah commit --quiet --rm "$ctr" "$name" >/dev/null
  containers=("${containers[@]/$ctr/}")
  echo "made a stand-in for $name (Debian bookworm minbase, node $("$node22" --version)$([ "$with_npm" = yes ] && echo ", npm $(npm --version)"))" >&2
}

for base in "$base_runtime" "$base_dev"; do
  if have_image "$base"; then continue; fi
  if buildah pull --quiet "$base" >/dev/null 2>"$work/pull.log"; then
    echo "pulled $base" >&2
  else
    echo "cannot pull $base ($(tail -n 1 "$work/pull.log")): making a stand-in" >&2
    make_stand_in "$base" "$([ "$base" = "$base_dev" ] && echo yes || echo no)"
  fi
done

# The build stage's `npm ci` cannot reach the registry from inside the build on these machines,
# so the copy of the Dockerfile built here takes node_modules from the checkout instead (installed
# from the same lockfile by npm ci); this is the one line that changes.
[ -d node_modules ] || { echo "node_modules is missing: run npm ci first (the build stage's install is served from it)" >&2; exit 1; }
install_line='RUN npm ci --no-audit --no-fund'
[ "$(grep -cxF "$install_line" Dockerfile)" -eq 1 ] || { echo "Dockerfile: expected the build stage's '$install_line' once" >&2; exit 1; }
sed "s|^${install_line}\$|COPY --from=checkout-node-modules . ./node_modules|" Dockerfile >"$work/Dockerfile"
echo "building $tag from Dockerfile; build stage: '$install_line' replaced by a copy of the checkout's node_modules:" >&2
diff Dockerfile "$work/Dockerfile" >&2 || true

# The image this build replaces under the tag: removed afterwards, or each rebuild keeps a copy.
replaced=$(buildah images --quiet --noheading --no-trunc "$tag" 2>/dev/null || true)
before_build=$work/containers-before-build
buildah containers --quiet --notruncate >"$before_build"
buildah bud --quiet --isolation chroot --pull=never --layers=false \
  --build-context "checkout-node-modules=$repo/node_modules" \
  -f "$work/Dockerfile" -t "$tag" "$repo" >&2
if [ -n "$replaced" ] && [ "$replaced" != "$(buildah images --quiet --noheading --no-trunc "$tag")" ]; then
  buildah rmi "$replaced" >/dev/null 2>&1 || true
fi
echo "$tag"
