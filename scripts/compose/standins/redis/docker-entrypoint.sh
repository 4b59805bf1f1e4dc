#!/bin/bash
# The official redis image's entrypoint contract: "-flags" or a *.conf first argument go to redis-server, and the
# server runs as the redis user over a /data it owns.
set -Eeuo pipefail
if [ "${1:0:1}" = '-' ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "${BASH_SOURCE[0]}" "$@"
fi
exec "$@"
