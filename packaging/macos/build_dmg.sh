#!/usr/bin/env bash
# macOS: sign ShipDesk.app with the hardened runtime, notarise and staple it, and wrap it
# in a signed, notarised, stapled DMG.
#
#   python packaging/bundle.py build                    # → build/bundle/dist/ShipDesk.app
#   packaging/macos/build_dmg.sh                        # → build/installers/ShipDesk-<v>-macos-<arch>.dmg
#
# Environment:
#   CODESIGN_IDENTITY   "Developer ID Application: Example Co (TEAMID)". Unset: the app is
#                       signed ad hoc ("-") and not notarised (a local test build).
#   NOTARY_PROFILE      a `xcrun notarytool store-credentials` keychain profile, or else
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD (an app-specific password).
#   KEYCHAIN            keychain holding the identity (optional; CI makes a temporary one)
#   APP_VERSION         defaults to the version in pyproject.toml
set -euo pipefail  # bash 3.2 (macOS /bin/bash) safe: empty arrays are expanded with ${a[@]+…}
cd "$(dirname "$0")/../.."

APP=${APP:-build/bundle/dist/ShipDesk.app}
ENTITLEMENTS=packaging/macos/entitlements.plist
OUT=build/installers
VERSION=${APP_VERSION:-$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)}
ARCH=$(uname -m)
DMG="$OUT/ShipDesk-$VERSION-macos-$ARCH.dmg"
IDENTITY=${CODESIGN_IDENTITY:--}
KEYCHAIN_ARGS=()
[ -n "${KEYCHAIN:-}" ] && KEYCHAIN_ARGS=(--keychain "$KEYCHAIN")

[ -d "$APP" ] || { echo "no $APP: run python packaging/bundle.py build first" >&2; exit 1; }
mkdir -p "$OUT"

notary() {  # notarytool with whichever credentials were given
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool "$@" --keychain-profile "$NOTARY_PROFILE" ${KEYCHAIN_ARGS[@]+"${KEYCHAIN_ARGS[@]}"}
  else
    xcrun notarytool "$@" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD"
  fi
}

can_notarise() {
  [ "$IDENTITY" != "-" ] && { [ -n "${NOTARY_PROFILE:-}" ] || \
    { [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; }; }
}

submit() {  # submit a file, wait, fail with Apple's log when it is not accepted
  local file=$1 out id status
  out=$(notary submit "$file" --wait --timeout 45m --output-format json)
  echo "$out"
  id=$(printf '%s' "$out" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  status=$(printf '%s' "$out" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  if [ "$status" != "Accepted" ]; then
    notary log "$id" >&2 || true
    echo "notarisation of $file: $status" >&2
    exit 1
  fi
}

sign() {  # hardened runtime, secure timestamp (ad hoc signing takes neither)
  if [ "$IDENTITY" = "-" ]; then
    codesign --force --sign - "$@"
  else
    codesign --force --options runtime --timestamp --entitlements "$ENTITLEMENTS" \
      --sign "$IDENTITY" ${KEYCHAIN_ARGS[@]+"${KEYCHAIN_ARGS[@]}"} "$@"
  fi
}

echo "== signing $APP as '$IDENTITY' (inside out)"
# 1. every Mach-O file inside (Python extensions, dylibs, Qt framework binaries) …
while IFS= read -r -d '' f; do
  if file -b "$f" | grep -q "Mach-O"; then sign "$f"; fi
done < <(find "$APP/Contents" -type f \( -name "*.so" -o -name "*.dylib" -o -perm -u+x \) \
           ! -path "*/Contents/MacOS/*" -print0)
# 2. … the frameworks as bundles …
while IFS= read -r -d '' fw; do sign "$fw"; done \
  < <(find "$APP/Contents" -type d -name "*.framework" -print0)
# 3. … the executables, then the app itself
for exe in "$APP"/Contents/MacOS/*; do sign "$exe"; done
sign "$APP"
codesign --verify --deep --strict --verbose=2 "$APP"

if can_notarise; then
  echo "== notarising the app"
  ZIP="$OUT/ShipDesk-notarise.zip"
  ditto -c -k --sequesterRsrc --keepParent "$APP" "$ZIP"
  submit "$ZIP"
  rm -f "$ZIP"
  xcrun stapler staple "$APP"        # the ticket travels with the app: first start offline works
  spctl --assess --type execute --verbose=4 "$APP"
else
  echo "!! no Developer ID / notary credentials: ad hoc signed, not notarised (local use only)" >&2
fi

echo "== making $DMG"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/ShipDesk.app"
ln -s /Applications "$STAGE/Applications"      # drag to install
rm -f "$DMG"
hdiutil create -volname "ShipDesk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
  -imagekey zlib-level=9 -ov "$DMG"
if [ "$IDENTITY" != "-" ]; then
  codesign --force --timestamp --sign "$IDENTITY" ${KEYCHAIN_ARGS[@]+"${KEYCHAIN_ARGS[@]}"} "$DMG"
fi

if can_notarise; then
  echo "== notarising the DMG"
  submit "$DMG"
  xcrun stapler staple "$DMG"
  xcrun stapler validate "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose=4 "$DMG"
fi
echo "$DMG"
