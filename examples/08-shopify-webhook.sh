#!/usr/bin/env bash
# A Shopify webhook as Shopify sends it, with nothing but curl and openssl: a products/create
# payload signed with the shop's app secret (HMAC-SHA256 of the exact body, base64, in
# X-Shopify-Hmac-Sha256). The edge checks the signature, turns the product into
# catalog.product_upserted, publishes it, and answers 200 once JetStream has stored it. The same
# webhook id again is answered 200 "duplicate" and published once; a wrong secret gets 401.
#
# The shop's Shopify app secret goes into the edge's tenants file:
#   npx shopmind tenant key demo --webhook shopify      (prints the secret, writes it for the edge)
# then:
#   EDGE_URL=http://127.0.0.1:8080 SHOP=demo SHOPIFY_SECRET=... bash examples/08-shopify-webhook.sh
set -euo pipefail

EDGE_URL=${EDGE_URL:-http://127.0.0.1:8080}
SHOP=${SHOP:-demo}
: "${SHOPIFY_SECRET:?set SHOPIFY_SECRET to the Shopify app secret of the shop (see the top of this file)}"
WEBHOOK_ID=${WEBHOOK_ID:-$(cat /proc/sys/kernel/random/uuid)}

read -r -d '' BODY <<'JSON' || true
{"id": 788032119674292922, "title": "Wooden stacking rainbow", "vendor": "Kiddo Woodworks",
 "product_type": "Toys", "handle": "wooden-stacking-rainbow", "status": "active",
 "body_html": "<p>Twelve arches of <strong>beech wood</strong> with water-based paints. Ages 1 and up.</p>",
 "tags": "wooden, montessori", "created_at": "2026-12-01T09:00:00+01:00",
 "updated_at": "2026-12-01T09:00:00+01:00",
 "variants": [{"id": 39072856, "product_id": 788032119674292922, "title": "Default", "price": "34.90",
               "sku": "RAINBOW-12", "inventory_quantity": 20}],
 "images": []}
JSON

send() { # $1: the secret to sign with
  local hmac
  hmac=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$1" -binary | base64)
  curl --silent --show-error -w '\n(HTTP %{http_code})\n' \
    -H 'Content-Type: application/json' \
    -H 'X-Shopify-Topic: products/create' \
    -H "X-Shopify-Webhook-Id: $WEBHOOK_ID" \
    -H "X-Shopify-Shop-Domain: $SHOP.myshopify.com" \
    -H "X-Shopify-Hmac-Sha256: $hmac" \
    --data-binary "$BODY" "$EDGE_URL/webhooks/shopify/$SHOP"
}

echo "POST /webhooks/shopify/$SHOP (products/create, signed)"
send "$SHOPIFY_SECRET"
echo "the same webhook again (Shopify retries until it gets a 2xx)"
send "$SHOPIFY_SECRET"
echo "signed with the wrong secret"
send "not-the-app-secret"
