#!/bin/sh
# Smoke test of the built .deb (run by `make dist`, not by `make test`):
#   1. install it with dpkg into a scratch root (its own dpkg database; no maintainer scripts)
#      and check the files: launcher, .desktop, icons, metainfo, /opt/gridapp;
#   2. the frozen `gridapp --version`;
#   3. the window offscreen against an empty data directory, ended by SIGTERM: exit 0;
#   4. demo data loaded (`gridapp demo`), the window again, ended the same way: exit 0;
#      a page rendered with the demo register (`gridapp screenshot`);
#   5. `dpkg --remove`: the program's files are gone, the user's data directory is kept.
#   installer/linux/smoke_test.sh build/gridapp_<version>_<arch>.deb
set -eu
DEB=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
R="$WORK/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
touch "$R/var/lib/dpkg/status"
fail() { echo "SMOKE FAIL: $*" >&2; exit 1; }

echo "== install into $R"
dpkg --root="$R" --force-depends --force-script-chrootless -i "$DEB" >"$WORK/dpkg.log" 2>&1  # dependencies: not in the empty root
for f in usr/bin/gridapp opt/gridapp/gridapp usr/share/applications/gridapp.desktop \
    usr/share/metainfo/cn.gridapp.GridApp.metainfo.xml \
    usr/share/icons/hicolor/256x256/apps/gridapp.png \
    usr/share/icons/hicolor/scalable/apps/gridapp.svg \
    opt/gridapp/_internal/resources/translations/gridapp_zh_CN.qm \
    opt/gridapp/_internal/resources/fonts/wqy-microhei.ttc \
    opt/gridapp/_internal/resources/codes/ethnicity.json; do
    [ -e "$R/$f" ] || fail "$f missing"
done
grep -q '^exec /opt/gridapp/gridapp "\$@"' "$R/usr/bin/gridapp" || fail "launcher"
APP="$R/opt/gridapp/gridapp"

echo "== gridapp --version"
"$APP" --version | tee "$WORK/version"
grep -q "^gridapp [0-9]" "$WORK/version" || fail "--version"

export QT_QPA_PLATFORM=offscreen GRIDAPP_PASSPHRASE=smoke-test-passphrase GRIDAPP_LANG=zh_CN
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/.local/share"
DATA="$XDG_DATA_HOME/GridApp"
mkdir -p "$HOME"

window() {  # start the window, wait, SIGTERM, expect exit 0
    "$APP" --data-dir "$DATA" >"$WORK/window.log" 2>&1 &
    pid=$!
    sleep "${SMOKE_WAIT:-8}"
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/window.log" >&2; fail "window ended by itself"; }
    kill -TERM "$pid"
    rc=0
    wait "$pid" || rc=$?
    if grep -q Traceback "$WORK/window.log" || [ "$rc" -ne 0 ]; then
        cat "$WORK/window.log" >&2
        fail "window exit $rc"
    fi
    echo "window quit cleanly (exit 0)"
}

echo "== window against an empty data directory"
window
[ -f "$DATA/gridapp.db" ] || fail "no database made in $DATA"

echo "== demo data"
"$APP" --data-dir "$DATA" demo --if-empty --households 50 --seed 1
window
"$APP" --data-dir "$DATA" screenshot --page households -o "$WORK/households.png"
[ -s "$WORK/households.png" ] || fail "no screenshot"
[ -n "${SMOKE_KEEP_SCREENSHOT:-}" ] && cp "$WORK/households.png" "$SMOKE_KEEP_SCREENSHOT"

echo "== remove"
dpkg --root="$R" --force-script-chrootless -r gridapp >/dev/null
[ ! -e "$R/opt/gridapp/gridapp" ] || fail "/opt/gridapp left after removal"
[ ! -e "$R/usr/bin/gridapp" ] || fail "/usr/bin/gridapp left after removal"
[ -f "$DATA/gridapp.db" ] || fail "user data removed"
echo "SMOKE OK: $(basename "$DEB")"
