/** Webhook tables (subscriptions, the event outbox, deliveries). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the webhooks area
export interface WebhookTables {}
