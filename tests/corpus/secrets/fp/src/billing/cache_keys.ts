// Names of the cache entries the checkout writes; none of them is a credential.
export const cacheKeys = {
  "x_token": "table_order-4521",
  "session_key": "checkout_cart-v2",
  "idempotency_token": "payment_intent_2024",
};
