/** The daemons' structured JSON logger lives in lib/ (the gateway uses it too). */
export * from "../../lib/observability/logger.ts";
