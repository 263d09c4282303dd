#!/usr/bin/env bash
# Installs what Weir needs on Debian 12 (run as root; only the package registries are needed).
# Idempotent: a second run installs nothing and takes a second or two.
#   scripts/setup.sh run    build and run the app: WebKitGTK, build tools, npm packages
#   scripts/setup.sh test   also what the tests use: Xvfb, WebKitWebDriver, tauri-driver, D-Bus,
#                           gnome-keyring, sqlite3, ImageMagick, cargo-nextest, MariaDB and
#                           PostgreSQL (weir-db's tests start their own: scripts/db-servers.sh)
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)

apt_run=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config)
apt_test=(xvfb xauth x11-utils xdotool webkit2gtk-driver dbus dbus-x11 at-spi2-core gnome-keyring
  libsecret-tools keyutils fonts-dejavu-core imagemagick sqlite3 procps xclip
  mariadb-server mariadb-client postgresql)
want=("${apt_run[@]}")
[ "$mode" = test ] && want+=("${apt_test[@]}")

# The local Flink engine needs Java 17+ with javac (it is compiled against Flink's jars) and pip
# (the jars come from PyPI's apache-flink-libraries).
command -v javac >/dev/null || want+=(openjdk-17-jdk-headless)
python3 -m pip --version >/dev/null 2>&1 || want+=(python3-pip)

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: Rust is missing; install it from https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20+ and npm are missing (apt install nodejs npm, or nodejs.org)" >&2; exit 1; }

# npm packages of the window, reinstalled only when the lock file changed.
stamp="$root/ui/node_modules/.weir-lock-stamp"
lock_sum=$(sha256sum "$root/ui/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: installing the window's npm packages"
  (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$stamp"
fi

if [ "$mode" = test ]; then
  if ! command -v tauri-driver >/dev/null; then
    echo "setup: installing tauri-driver (WebDriver for the Tauri window)"
    cargo install tauri-driver --locked --version '^2' -q
  fi
  if ! cargo nextest --version >/dev/null 2>&1; then
    echo "setup: installing cargo-nextest"
    cargo install cargo-nextest --locked -q
  fi
fi
echo "setup: ready ($mode)"
