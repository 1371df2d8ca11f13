#!/bin/sh
# Refresh the Chinese translation source from the code and compile it.
#   pylupdate6 keeps every translation already in the .ts; edit new ones in Qt Linguist
#   (or by hand), then compile: the .qm is committed so users need no Qt tools.
set -e
cd "$(dirname "$0")/../.."
.venv/bin/pylupdate6 --no-obsolete gisdesk/ui -ts resources/translations/gisdesk_zh_CN.ts
LRELEASE=${LRELEASE:-/usr/lib/qt6/bin/lrelease}
"$LRELEASE" resources/translations/gisdesk_zh_CN.ts -qm resources/translations/gisdesk_zh_CN.qm
