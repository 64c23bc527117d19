/** The daemons' size- and time-limited HTTP server lives in lib/ (the gateway uses it too). */
export * from "../../lib/net/limitedServer.ts";
