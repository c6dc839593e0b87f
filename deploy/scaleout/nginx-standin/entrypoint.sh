#!/bin/sh
# As the official nginx image does: /etc/nginx/templates/NAME.template becomes /etc/nginx/conf.d/NAME
# with ${VAR} filled in, for the variables set in the environment only (nginx's own $vars stay).
set -eu
defined=$(printf '${%s} ' $(env | cut -d= -f1))
for template in /etc/nginx/templates/*.template; do
  [ -f "$template" ] || continue
  envsubst "$defined" <"$template" >"/etc/nginx/conf.d/$(basename "$template" .template)"
done
exec "$@"
