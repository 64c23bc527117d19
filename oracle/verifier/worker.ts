/**
 * Worker-thread entry: creates its secp256k1 engine once, then runs every chunk it is sent
 * and posts the result buffer back (transferred). A chunk that throws is answered with its
 * error message rather than killing the thread.
 */
import { parentPort, workerData } from "node:worker_threads";

import { type ChunkRequest, type ChunkResponse, type WorkerConfig, executeChunk } from "./chunk.ts";
import { createSecp256k1Engine } from "./secp256k1Engine.ts";

if (parentPort === null) throw new Error("oracle/verifier/worker.ts must run in a worker thread");
const port = parentPort;
const config = workerData as WorkerConfig;
const secp256k1 = createSecp256k1Engine(config.secp256k1Backend);

port.on("message", (request: ChunkRequest) => {
  let response: ChunkResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const output = executeChunk(request, secp256k1);
    const buffer = output.buffer as ArrayBuffer;
    response = { id: request.id, output: buffer };
    transfer = [buffer];
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response, transfer);
});
