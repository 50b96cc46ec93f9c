#!/usr/bin/env bash
# The HTTP API of the edge with nothing but curl: publish a review as an event, then ask for the
# product's review summary; the OpenAPI document describes every route.
#
# Under `npm start` the edge runs beside the services and the final printout gives its address and
# the demo shop's key (kept in .shopmind/edge-demo.json), with the command line to run this file.
# In a deployment, `npx shopmind tenant key <shop>` makes a key and writes its hash into the edge's
# tenants file (deploy/README.md). By hand: make one, and give the edge the SHA-256 of it for your
# shop (EDGE_TENANTS or EDGE_TENANTS_FILE; see services/edge/README.md, "HTTP API"):
#   KEY=$(openssl rand -hex 24)
#   EDGE_TENANTS="{\"demo\": {\"apiKeys\": [\"$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)\"]}}"
# then run:
#   EDGE_URL=http://127.0.0.1:8088 SHOP=demo KEY=$KEY PRODUCT=p-42 bash examples/07-http-api.sh
set -euo pipefail

EDGE_URL=${EDGE_URL:-http://127.0.0.1:8088}
SHOP=${SHOP:-demo}
PRODUCT=${PRODUCT:-p-42}
: "${KEY:?set KEY to the API key of the shop (see the top of this file)}"

EVENT_ID=$(node -e 'console.log(crypto.randomUUID())' 2>/dev/null || cat /proc/sys/kernel/random/uuid)
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "POST /api/v1/events/review/submitted"
curl --silent --show-error --fail-with-body \
  -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  "$EDGE_URL/api/v1/events/review/submitted" --data @- <<JSON
{
  "envelope": {"eventId": "$EVENT_ID", "occurredAt": "$NOW", "producer": "curl-example",
               "tenantId": "$SHOP", "schemaVersion": 1},
  "reviewId": "r-$EVENT_ID", "productId": "$PRODUCT", "userId": "u-7", "rating": 2,
  "title": "Stopped working", "body": "The battery died after two days and support never answered.",
  "language": "en", "verifiedPurchase": true
}
JSON
echo

# The review is analysed asynchronously; the summary counts it once review-sentiment has. Without
# review-sentiment running the answer is 503 {"code":"unavailable",…}: shown, not fatal.
echo "GET /api/v1/products/$PRODUCT/reviews/summary"
curl --silent --show-error \
  -H "X-API-Key: $KEY" -H "X-Request-Id: example-$EVENT_ID" \
  -w '\n(HTTP %{http_code})' \
  "$EDGE_URL/api/v1/products/$PRODUCT/reviews/summary?maxQuotes=3"
echo

echo "GET /api/openapi.json (routes)"
curl --silent --show-error --fail-with-body "$EDGE_URL/api/openapi.json" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for (const [p,o] of Object.entries(JSON.parse(s).paths)) for (const m of Object.keys(o)) console.log(m.toUpperCase(), p)})'
