#!/usr/bin/env bash
# Linux: the one-folder bundle as a tarball, checked before it is packed.
#
#   packaging/linux/build_tarball.sh          # → build/installers/ShipDesk-<v>-linux-<arch>.tar.gz
#   SKIP_BUILD=1 packaging/linux/build_tarball.sh   # pack the bundle already in build/bundle
#
# Unpack anywhere (e.g. ~/.local/opt) and run shipdesk/shipdesk, or shipdesk/install.sh to
# add a menu entry for this user. The data stays in ~/.local/share/ShipDesk, outside the
# folder: replacing the folder with a newer one keeps every order and key.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
VERSION=$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)
ARCH=$(uname -m)
OUT=build/installers
NAME="ShipDesk-$VERSION-linux-$ARCH"

if [ -z "${SKIP_BUILD:-}" ]; then
  "$PY" packaging/bundle.py build
fi
# size, selftest offscreen, main window, PostgreSQL driver: refuse to pack a broken bundle
"$PY" packaging/bundle.py check > build/bundle/check.json || { cat build/bundle/check.json; exit 1; }

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -a build/bundle/dist/shipdesk "$STAGE/shipdesk"
cat > "$STAGE/shipdesk/shipdesk.desktop.in" <<DESKTOP
[Desktop Entry]
Type=Application
Name=ShipDesk
Name[zh_CN]=ShipDesk 面单工作台
Comment=Shipping workstation: orders, e-waybills, labels, tracking
Exec=@DIR@/shipdesk %F
Terminal=false
Categories=Office;
DESKTOP
cat > "$STAGE/shipdesk/install.sh" <<'INSTALL'
#!/bin/sh
# Add ShipDesk to this user's application menu (run again after moving the folder).
set -e
DIR=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$HOME/.local/share/applications"
sed "s|@DIR@|$DIR|" "$DIR/shipdesk.desktop.in" > "$HOME/.local/share/applications/shipdesk.desktop"
echo "menu entry added; data lives in ${XDG_DATA_HOME:-$HOME/.local/share}/ShipDesk"
INSTALL
chmod +x "$STAGE/shipdesk/install.sh"
mkdir -p "$OUT"
tar -C "$STAGE" -czf "$OUT/$NAME.tar.gz" shipdesk
echo "$OUT/$NAME.tar.gz ($(du -sh "$STAGE/shipdesk" | cut -f1) unpacked)"
